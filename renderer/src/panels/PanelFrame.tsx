import type { ReactNode } from 'react';
import type { Panel } from '../../../shared/model/dashboard';
import { visibleText } from '../../../shared/text/visible-text';
import { SafeText } from '../support/SafeText';
import { useStore } from '../store/store';

interface PanelFrameProps {
  panel: Panel;
  badges?: ReactNode;
  dimmed?: boolean;
  children: ReactNode;
}

/** The card every panel sits in: title, state badges, body. */
export function PanelFrame({ panel, badges, dimmed, children }: PanelFrameProps) {
  return (
    <section
      className={`panel${dimmed ? ' panel--dimmed' : ''}`}
      data-testid="panel"
      data-panel-id={panel.id}
      data-panel-kind={panel.kind}
      aria-label={visibleText(panel.title)}
      style={{ gridColumn: `${panel.grid.x + 1} / span ${panel.grid.w}`, gridRow: `${panel.grid.y + 1} / span ${panel.grid.h}` }}
    >
      <header className="panel__head">
        <h2 className="panel__title">
          <SafeText text={panel.title} />
        </h2>
        <div className="panel__badges">{badges}</div>
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}

export interface PanelProps {
  panel: Panel;
}

/**
 * Loading / error / empty states, in words, with a retry where it helps. An incident file
 * fetches nothing, so offline a retry is offered only where it redoes local work
 * (`retryOffline`, e.g. drawing a panel again).
 */
export function PanelMessage({ kind, text, onRetry, retryOffline }: { kind: 'loading' | 'error' | 'empty'; text: string; onRetry?: () => void; retryOffline?: boolean }) {
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const retry = offline && !retryOffline ? undefined : onRetry;
  return (
    <div className={`panel-message panel-message--${kind}`} data-testid={`panel-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {kind === 'loading' && <span className="spinner" aria-hidden="true" />}
      <span>
        <SafeText text={text} />
      </span>
      {retry && (
        <button type="button" className="btn btn--small" onClick={retry} data-testid="panel-retry">
          Retry
        </button>
      )}
    </div>
  );
}
