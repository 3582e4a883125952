import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useReplayAt } from '../replay/use-replay';
import { compileDerivedFields } from './derived-fields';
import { panelOptions } from '../../../shared/model/dashboard';
import { LogRing } from '../store/log-ring';
import { useStore } from '../store/store';
import { useDelayed, useInterval } from '../support/hooks';
import { SafeText } from '../support/SafeText';
import { FreshnessBadge } from './FreshnessBadge';
import { LiveToggle } from './LiveToggle';
import { LogCounts } from './LogCounts';
import { LogsExplorer } from './LogsExplorer';
import { PanelFrame, PanelMessage, type PanelProps } from './PanelFrame';
import { TailNotices } from './TailNotices';
import { logLinesLimit } from '../wall/wall-log-limit';
import { useWall } from '../wall/wall-store';

/** Scrolled further than this from the newest line, the person is reading: Live holds new lines back. */
const READING_PX = 24;

/**
 * Log lines for the panel's query, newest first, refreshed with the dashboard — or, with
 * Live on, followed as they arrive (Loki's tail) into a 100,000-line ring, held back while
 * the person scrolls away from the newest line to read. Filters, search, error patterns
 * and derived-field links are in LogsExplorer.
 */
export function LogsPanel({ panel }: PanelProps) {
  const { query, limit: panelLimit } = useMemo(() => panelOptions(panel, 'logs'), [panel]);
  // An unattended wall shows one screen of lines: it asks for no more (wall/wall-log-limit.ts).
  const unattended = useWall((s) => s.kiosk || s.playlist !== undefined);
  const limit = logLinesLimit(panelLimit, unattended);
  // The refresh picker's period, as every other panel's; 0 (refresh off, a fixed range): read once.
  const refresh = useStore((s) => s.liveRefreshSeconds());
  const range = useStore((s) => s.timeRange);
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
  // Derived-field links from the panel's options (`derivedFields: [{ name, regex, urlTemplate }]`), checked once per panel.
  const derived = useMemo(() => compileDerivedFields(panel.options.derivedFields, `Logs panel "${panel.title}"`), [panel]);
  // A refresh's answer as a ring too, so the list has one way to read lines; Live keeps its own ring in the store.
  // Replaying an incident file, only the lines logged by the replayed instant are shown.
  const replayAt = useReplayAt();
  const lines = useMemo(() => (replayAt === undefined || !entry ? entry?.lines : entry.lines.filter((l) => l.time <= replayAt)), [entry, replayAt]);
  const polledRing = useMemo(() => (entry?.ring ? undefined : LogRing.fromNewestFirst(lines ?? [], Math.max(1, lines?.length ?? 0))), [entry?.ring, lines]);
  const ring = entry?.ring ?? polledRing!;
  const openTraceId = useCallback((id: string) => void openTrace(id), [openTrace]);

  const poll = useCallback(() => {
    // While Live is on, the tail brings the lines; a refresh would replace them.
    if (query && !useStore.getState().logTails[panel.id]?.on) void pollLogs(panel.id, query, limit);
  }, [pollLogs, panel.id, query, limit]);
  // An offline file never changes, so one read is enough; a new range reads again at once.
  const rangeKey = range?.kind === 'absolute' ? `${range.start}-${range.end}` : String(range?.seconds ?? '');
  const restartKey = useMemo(() => ({ client, rangeKey }), [client, rangeKey]);
  useInterval(poll, offline ? 0 : refresh, restartKey);

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
  const onScrollTop = (top: number) => {
    if (live) setTailPaused(panel.id, top > READING_PX);
  };
  const paused = live && !!tail?.paused;
  const beforeSeq = paused ? ring.total - (tail?.pending ?? 0) : Infinity;
  const slow = useDelayed(!!entry?.loading && !entry.fetchedAt, 1000);

  let body;
  if (!query) body = <PanelMessage kind="error" text="This logs panel has no query in its options." />;
  else if (entry?.error && !entry.lines.length) body = <PanelMessage kind="error" text={entry.error} onRetry={poll} />;
  else if (entry?.series && entry.lines.length === 0) body = <LogCounts series={entry.series} />;
  else if (slow || !entry) body = slow ? <PanelMessage kind="loading" text="Loading…" /> : null;
  else if (ring.size === 0 && entry.fetchedAt && !live) body = <PanelMessage kind="empty" text={replayAt === undefined ? 'No log lines in this range.' : 'No log lines yet at this point of the incident.'} />;
  else
    body = (
      <>
        {entry.error && <PanelMessage kind="error" text={entry.error} onRetry={poll} />}
        {live && ring.size === 0 && <PanelMessage kind="empty" text="Waiting for new lines…" />}
        <LogsExplorer ring={ring} ringVersion={entry.ringVersion ?? 0} beforeSeq={beforeSeq} rules={derived.rules} onOpenTrace={openTraceId} scrollerRef={scroller} onScrollTop={onScrollTop} />
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
          pending={tail?.pending ?? 0}
        />
      )}
      {/* Reserved until the first answer: the Live switch beside it moved when it appeared (a layout shift per wall slide change, scripts/bench/wall-frames.ts). */}
      {!live && <FreshnessBadge fetchedAt={entry?.fetchedAt} reserve />}
    </>
  );

  return (
    <PanelFrame panel={panel} badges={badges}>
      <div className="logs-view">
        {tail && (live || tail.state === 'failed') && <TailNotices view={tail} sourceName={sourceName} onResume={resume} bufferDropped={entry?.ring?.dropped ?? 0} bufferSize={entry?.ring?.capacity} />}
        {derived.problems.map((problem) => (
          <p key={problem} className="tail-notice" role="status" data-testid="logs-derived-problem">
            <SafeText text={problem} />
          </p>
        ))}
        {(entry?.warnings ?? []).map((w) => (
          <p key={w} className="tail-notice" role="status">
            <SafeText text={w} />
          </p>
        ))}
        {body}
      </div>
    </PanelFrame>
  );
}
