import { useCallback, useEffect, useMemo, useRef } from 'react';
import { panelOptions } from '../../../shared/model/dashboard';
import { useStore } from '../store/store';
import { useDelayed, useInterval } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { FreshnessBadge } from './FreshnessBadge';
import { LiveToggle } from './LiveToggle';
import { LogCounts } from './LogCounts';
import { LogRows } from './LogRows';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { TailNotices } from './TailNotices';

/** Scrolled further than this from the newest line, the person is reading: Live holds new lines back. */
const READING_PX = 24;

/**
 * Log lines for the panel's query, newest first, refreshed with the dashboard — or, with
 * Live on, followed as they arrive (Loki's tail), held back while the person scrolls away
 * from the newest line to read.
 */
export function LogsPanel({ panel }: PanelProps) {
  const { query, limit } = useMemo(() => panelOptions(panel, 'logs'), [panel]);
  const refresh = useStore((s) => s.session?.dashboard.refreshSeconds ?? 5);
  const offline = useStore((s) => s.session?.mode === 'bundle');
  const sourceName = useStore((s) => s.session?.sources.find((src) => src.signals.includes('logs'))?.name ?? 'The log source');
  const entry = useStore((s) => s.logs[panel.id]);
  const tail = useStore((s) => s.logTails[panel.id]);
  const linkStatus = useStore((s) => s.connection.status);
  const pollLogs = useStore((s) => s.pollLogs);
  const openTrace = useStore((s) => s.openTrace);
  const client = useStore((s) => s.client);
  const { setLive, openTail, closeTail, setTailPaused } = useStore.getState();
  const live = !!tail?.on && !offline;
  const connected = linkStatus === 'open';
  const scroller = useRef<HTMLDivElement>(null);

  const poll = useCallback(() => {
    // While Live is on, the tail brings the lines; a refresh would replace them.
    if (query && !useStore.getState().logTails[panel.id]?.on) void pollLogs(panel.id, query, limit);
  }, [pollLogs, panel.id, query, limit]);
  // An offline file never changes, so one read is enough.
  useInterval(poll, offline ? 3600 : refresh, client);

  // The services forget a console's tails when its link drops: start again once it is back.
  useEffect(() => {
    if (!live || !connected || !query) return;
    void openTail(panel.id, query);
    return () => void closeTail(panel.id);
  }, [live, connected, client, query, panel.id, openTail, closeTail]);

  const toggle = () => {
    setLive(panel.id, !live, limit);
    if (live) poll();
  };
  const resume = () => {
    scroller.current?.scrollTo({ top: 0 });
    setTailPaused(panel.id, false);
  };
  const onScroll = () => {
    const el = scroller.current;
    if (el && live) setTailPaused(panel.id, el.scrollTop > READING_PX);
  };
  const slow = useDelayed(!!entry?.loading && !entry.fetchedAt, 1000);

  let body;
  if (!query) body = <PanelMessage kind="error" text="This logs panel has no query in its options." />;
  else if (entry?.error && !entry.lines.length) body = <PanelMessage kind="error" text={entry.error} onRetry={poll} />;
  else if (entry?.series && entry.lines.length === 0) body = <LogCounts series={entry.series} />;
  else if (slow || !entry) body = slow ? <PanelMessage kind="loading" text="Loading…" /> : null;
  else if (entry.lines.length === 0 && entry.fetchedAt && !live) body = <PanelMessage kind="empty" text="No log lines in this range." />;
  else
    body = (
      <>
        {entry.error && <PanelMessage kind="error" text={entry.error} onRetry={poll} />}
        {live && entry.lines.length === 0 && <PanelMessage kind="empty" text="Waiting for new lines…" />}
        <LogRows lines={entry.lines} onOpenTrace={(id) => void openTrace(id)} />
      </>
    );

  const badges = (
    <>
      {!offline && query && (
        <LiveToggle
          on={live}
          onToggle={toggle}
          state={tail?.state ?? 'stopped'}
          linkDown={!connected}
          paused={!!tail?.paused}
          pending={tail?.pending.length ?? 0}
        />
      )}
      {!live && <FreshnessBadge fetchedAt={entry?.fetchedAt} />}
    </>
  );

  return (
    <PanelFrame panel={panel} badges={badges}>
      <div className="logs-view">
        {tail && (live || tail.state === 'failed') && <TailNotices view={tail} sourceName={sourceName} onResume={resume} />}
        {(entry?.warnings ?? []).map((w) => (
          <p key={w} className="tail-notice" role="status">
            <SafeText text={w} />
          </p>
        ))}
        <div className="logs-scroll" ref={scroller} onScroll={onScroll} data-testid="logs-scroll">
          {body}
        </div>
      </div>
    </PanelFrame>
  );
}
