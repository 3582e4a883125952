import type { LogTailState } from '../../../shared/model/logs';

export interface LiveStatusInput {
  state: LogTailState;
  /** The link between this console and Lockstep is down: nothing can arrive, whatever the tail says. */
  linkDown: boolean;
  paused: boolean;
  pending: number;
}

/** What the indicator says, honestly: live only while lines can arrive and are being shown. */
export function liveStatus({ state, linkDown, paused, pending }: LiveStatusInput): { text: string; tone: 'live' | 'paused' | 'stale' | 'muted' } {
  if (state === 'failed') return { text: 'stopped', tone: 'stale' };
  if (linkDown || state === 'reconnecting') return { text: 'reconnecting…', tone: 'paused' };
  if (state === 'connecting') return { text: 'connecting…', tone: 'muted' };
  if (paused) return { text: pending > 0 ? `paused · ${pending.toLocaleString('en')} new` : 'paused', tone: 'paused' };
  return { text: 'live', tone: 'live' };
}

export interface LiveToggleProps extends LiveStatusInput {
  on: boolean;
  onToggle(): void;
}

/** The logs panel's Live switch: a real button (Tab, Space, Enter), pressed while following, with its status beside it. */
export function LiveToggle({ on, onToggle, ...status }: LiveToggleProps) {
  const { text, tone } = liveStatus(status);
  return (
    <span className="live-toggle">
      <button
        type="button"
        className={`btn btn--small live-toggle__button${on ? ' live-toggle__button--on' : ''}`}
        aria-pressed={on}
        onClick={onToggle}
        data-testid="logs-live-toggle"
        title={on ? 'Stop following new lines; the panel refreshes again' : 'Follow new lines as they arrive'}
      >
        <span className={`live-dot${on ? ` live-dot--${tone}` : ''}`} aria-hidden="true" />
        Live
      </button>
      {on && (
        <span className={`badge badge--${tone}`} role="status" data-testid="logs-live-status">
          {text}
        </span>
      )}
    </span>
  );
}
