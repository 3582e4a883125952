import type { EventOf } from '../../../shared/api/contract';
import type { LogLine } from '../../../shared/model/logs';
import type { Series } from '../../../shared/model/series';
import { errorText } from '../api/parse';
import { alignedWindow } from '../../../shared/model/query-step';
import { rangeWindow } from '../../../shared/dashboards/time-range';
import { dashboardWidthPx, liveQueryId, panelStepSeconds } from '../panels/live-queries';
import type { SliceCreator } from './app-state';
import { type LiveEntry, nextLiveEntry } from './live-entry';
import type { LogRing } from './log-ring';

/** How often a console whose live frames went out of step asks for full ones again, at most. */
const RESYNC_MS = 2000;
let lastResync = -Infinity;

export type { LiveEntry };

export interface LogsEntry {
  lines: LogLine[];
  /** While Live has run: every line kept (up to 100,000, oldest dropped), the source of truth over `lines`. */
  ring?: LogRing;
  /** The ring's version when this entry was made, so a change to the ring is a new entry. */
  ringVersion?: number;
  /** A metric query's counts (LogQL count_over_time, …), shown as such instead of lines. */
  series?: Series[];
  /** What the source said about the answer (documents it could not read, shards that failed). */
  warnings?: string[];
  fetchedAt?: number;
  error?: string;
  loading: boolean;
}

export interface PanelsSlice {
  /** Chosen range; null means the dashboard's default. */
  rangeSeconds: number | null;
  live: Record<string, LiveEntry>;
  /** When the current live subscription was sent (drives "loading…" and staleness). */
  liveSince?: number;
  liveError?: string;
  logs: Record<string, LogsEntry>;
  effectiveRange(): number;
  subscribeLive(): Promise<void>;
  setRange(seconds: number): Promise<void>;
  applyQueryResult(event: EventOf<'queryResult'>): void;
  retryTarget(panelId: string, refId: string): Promise<void>;
  pollLogs(panelId: string, query: string, limit: number): Promise<void>;
}

/** What a logs entry shows, newest first: the live ring's lines, else the last refresh's. */
export function shownLines(entry: LogsEntry | undefined): LogLine[] {
  return entry?.ring ? entry.ring.toArray() : (entry?.lines ?? []);
}

export const createPanelsSlice: SliceCreator<PanelsSlice> = (set, get) => ({
  rangeSeconds: null,
  live: {},
  logs: {},

  effectiveRange() {
    return get().rangeSeconds ?? get().session?.dashboard.rangeSeconds ?? 1800;
  },

  async subscribeLive() {
    const { client, session } = get();
    if (!client || !session) return;
    // Live while the range follows now and refresh is on; a fixed range, refresh off or a hidden page query once or not at all (store/dashboards-slice.ts).
    const { live: queries, once, window } = get().liveQueryPlan();
    set({ liveSince: Date.now(), liveError: undefined });
    try {
      await client.call('setLiveQueries', { queries });
    } catch (error) {
      if (get().client === client) set({ liveError: `Live panels are not updating: ${errorText(error)}` });
    }
    if (once.length > 0) await get().runOnce(once, window);
  },

  async setRange(seconds) {
    set({ rangeSeconds: seconds, timeRange: { kind: 'relative', seconds }, live: {} });
    await get().subscribeLive();
  },

  applyQueryResult(event) {
    const entry = nextLiveEntry(get().live[event.queryId], event);
    if (entry !== 'resync') {
      set((state) => ({ live: { ...state.live, [event.queryId]: entry } }));
      return;
    }
    // Re-subscribing makes the services start every query with a full frame. A delta
    // arrives each refresh, so one skipped by this limit leads to a resync soon after.
    if (Date.now() - lastResync < RESYNC_MS) return;
    lastResync = Date.now();
    void get().subscribeLive();
  },

  async retryTarget(panelId, refId) {
    const { client, session } = get();
    const panel = session?.dashboard.panels.find((p) => p.id === panelId);
    const target = panel?.targets.find((t) => t.refId === refId);
    if (!client || !session || !panel || !target) return;
    const id = liveQueryId(panelId, refId);
    const range = get().effectiveRange();
    // The same query the live one is, variables in place.
    const planned = [...get().liveQueryPlan().live, ...get().liveQueryPlan().once].find((q) => q.id === id);
    if (get().timeRange?.kind === 'absolute' || get().effectiveRefresh() === 0) {
      if (planned) await get().runOnce([planned], get().liveQueryPlan().window);
      return;
    }
    // The same step and step-aligned window as the live query, so the retry shows the same points.
    const { start, end, stepSeconds } = alignedWindow(session.mode === 'bundle' ? session.serverTime : Date.now(), range, panelStepSeconds(panel, range, dashboardWidthPx()));
    try {
      const result = await client.call('queryRange', {
        ...(target.source ? { source: target.source } : {}),
        expr: planned?.expr ?? target.expr,
        start,
        end,
        stepSeconds,
      });
      get().applyQueryResult({ queryId: id, result, at: Date.now() });
    } catch (error) {
      get().applyQueryResult({ queryId: id, error: errorText(error), at: Date.now() });
    }
    if (get().liveError) await get().subscribeLive();
  },

  async pollLogs(panelId, query, limit) {
    const { client, session } = get();
    if (!client || !session) return;
    const patch = (entry: Partial<LogsEntry>) =>
      set((state) => {
        const prev = state.logs[panelId] ?? { lines: [], loading: false };
        return { logs: { ...state.logs, [panelId]: { ...prev, ...entry } } };
      });
    patch({ loading: true });
    // The dashboard's range: a fixed one as it is (the lines of that hour, not the latest), a
    // relative one up to now, or up to the file's own time in offline review.
    const now = session.mode === 'bundle' ? session.serverTime : Date.now();
    const { start, end } = rangeWindow(get().timeRange ?? { kind: 'relative', seconds: get().effectiveRange() }, now);
    try {
      const result = await client.call('queryLogs', { query, start, end, limit });
      if (get().client !== client) return;
      // Live was turned on meanwhile: the tail's lines are newer than this answer.
      if (get().logTails[panelId]?.on) return patch({ loading: false });
      const lines = [...result.lines].sort((a, b) => b.time - a.time);
      patch({ lines, ring: undefined, ringVersion: undefined, series: result.series, warnings: result.warnings, fetchedAt: result.fetchedAt, error: undefined, loading: false });
    } catch (error) {
      if (get().client === client) patch({ error: errorText(error), loading: false });
    }
  },
});
