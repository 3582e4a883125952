import { useCallback, useMemo } from 'react';
import { panelOptions } from '../../../shared/model/dashboard';
import type { LogLine } from '../../../shared/model/logs';
import { useStore } from '../store/store';
import { useDelayed, useInterval } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { formatClock } from './format';
import { FreshnessBadge } from './FreshnessBadge';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';

const SERVICE_LABELS = ['service', 'app', 'job', 'container'];

function serviceOf(line: LogLine): string {
  for (const key of SERVICE_LABELS) if (line.labels[key]) return line.labels[key]!;
  return '';
}

/** Log lines for the panel's query, newest first, refreshed with the dashboard. */
export function LogsPanel({ panel }: PanelProps) {
  const { query, limit } = useMemo(() => panelOptions(panel, 'logs'), [panel]);
  const refresh = useStore((s) => s.session?.dashboard.refreshSeconds ?? 5);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const entry = useStore((s) => s.logs[panel.id]);
  const pollLogs = useStore((s) => s.pollLogs);
  const openTrace = useStore((s) => s.openTrace);
  const client = useStore((s) => s.client);
  const poll = useCallback(() => {
    if (query) void pollLogs(panel.id, query, limit);
  }, [pollLogs, panel.id, query, limit]);
  // An offline file never changes, so one read is enough.
  useInterval(poll, offline ? 3600 : refresh, client);
  const slow = useDelayed(!!entry?.loading && !entry.fetchedAt, 1000);

  let body;
  if (!query) body = <PanelMessage kind="error" text="This logs panel has no query in its options." />;
  else if (entry?.error && !entry.lines.length) body = <PanelMessage kind="error" text={entry.error} onRetry={poll} />;
  else if (slow || !entry) body = slow ? <PanelMessage kind="loading" text="Loading…" /> : null;
  else if (entry.lines.length === 0 && entry.fetchedAt) body = <PanelMessage kind="empty" text="No log lines in this range." />;
  else
    body = (
      <>
        {entry.error && <PanelMessage kind="error" text={entry.error} onRetry={poll} />}
        <ol className="logs" data-testid="logs-list">
          {entry.lines.map((line, i) => (
            <li key={`${line.time}-${i}`} className={`log log--${line.level}`} data-testid="log-line">
              <time className="log__time">{formatClock(line.time)}</time>
              <span className="log__level">{line.level}</span>
              <span className="log__service">
                <SafeText text={serviceOf(line)} />
              </span>
              <span className="log__message">
                <SafeText text={line.message} />
              </span>
              {line.traceId && (
                <button type="button" className="link-button log__trace" onClick={() => void openTrace(line.traceId!)} data-testid="log-trace-link" title="Open this trace">
                  trace <SafeText text={line.traceId.slice(0, 8)} />…
                </button>
              )}
            </li>
          ))}
        </ol>
      </>
    );

  return (
    <PanelFrame panel={panel} badges={<FreshnessBadge fetchedAt={entry?.fetchedAt} />}>
      {body}
    </PanelFrame>
  );
}
