import type { TraceFetchProgress } from '../../../shared/api/trace-progress';
import type { Trace } from '../../../shared/model/traces';
import { criticalPath, segmentsBySpan, type SegmentsBySpan } from '../../../shared/trace/critical-path';
import { headLayout, type HeadLayout } from '../../../shared/trace/head-layout';
import { layoutTrace } from '../../../shared/trace/layout';
import { decodeParents, decodeTraceColumns } from '../../../shared/trace/columns-codec';
import type { TraceLayout } from '../../../shared/trace/layout-types';
import { errorText } from '../api/parse';
import { randomId } from '../support/random-id';
import type { SliceCreator } from './app-state';

export interface TraceView {
  traceId: string;
  status: 'loading' | 'error' | 'ready';
  /** While loading: how far the host is with fetching it (traceProgress events), once it has said. */
  progress?: TraceFetchProgress;
  /**
   * While loading a large trace: its first rows, which the host sends ahead of the whole
   * (shared/trace/columns-head.ts) and the view draws until the whole is laid out.
   */
  head?: HeadLayout;
  error?: string;
  trace?: Trace;
  /** Computed once per trace, never per render; folding is the waterfall's view state (renderer/src/trace/waterfall/view-state.ts). */
  layout?: TraceLayout;
  /** Span indexes on the critical path (what the trace's end waited on); absent for the first frame of a ready trace, while it is worked out. */
  critical?: ReadonlySet<number>;
  /** The critical path's stretches on each of those spans (`critical` is its keys), worked out with it. */
  criticalSegments?: SegmentsBySpan;
  /** Index into layout.spans of the span whose details are shown. */
  selectedSpan?: number;
  startedAt: number;
}

export interface TraceSlice {
  traceView: TraceView | null;
  openTrace(traceId: string): Promise<void>;
  closeTrace(): void;
  selectSpan(spanIndex: number | undefined): void;
}

const mark = (name: string) => globalThis.performance?.mark?.(name);

/** Resolves once the browser has painted what was just set (a task after the next frame); a task later where there are no frames. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof globalThis.requestAnimationFrame === 'function') globalThis.requestAnimationFrame(() => setTimeout(resolve, 0));
    else setTimeout(resolve, 0);
  });
}

export const traceInitial = { traceView: null as TraceView | null };

export const createTraceSlice: SliceCreator<TraceSlice> = (set, get) => ({
  ...traceInitial,

  async openTrace(traceId) {
    const client = get().client;
    const id = traceId.trim();
    if (!client || !id) return;
    const startedAt = Date.now();
    set({ traceView: { traceId: id, status: 'loading', startedAt }, dialog: null });
    const stillWanted = () => get().traceView?.startedAt === startedAt && get().client === client;
    // The host tells how far it is under this name: a 100,000-span answer takes seconds to arrive.
    const progressId = randomId();
    const offProgress = client.on('traceProgress', ({ progressId: forOpen, head, ...progress }) => {
      const view = get().traceView;
      if (forOpen !== progressId || !stillWanted() || view?.status !== 'loading') return;
      // First rows that do not hold together are not drawn: the whole trace follows anyway.
      const laid = head && !view.head ? headLayout(head) : undefined;
      if (laid?.ok) mark('lockstep:trace:head');
      set({ traceView: { ...view, progress, ...(laid?.ok ? { head: laid.head } : {}) } });
    });
    try {
      // The column form: a quarter of the bytes of getTrace, checked without a schema run per span.
      const columns = await client.call('getTraceColumns', { traceId: id, progressId });
      offProgress();
      if (!stillWanted()) return;
      // Marks for scripts/bench/trace-page.ts (and the browser's performance panel): where opening spends its time.
      mark('lockstep:trace:received');
      const trace = decodeTraceColumns(columns);
      mark('lockstep:trace:decoded');
      // The parents the host resolved ride along, so laying out builds no map of every span id.
      const layout = layoutTrace(trace, { parents: decodeParents(columns) });
      mark('lockstep:trace:laid-out');
      // The rows first; the critical path is worked out and drawn over them a frame later.
      set({ traceView: { traceId: id, status: 'ready', trace, layout, startedAt } });
      await afterPaint();
      if (!stillWanted()) return;
      const criticalSegments = segmentsBySpan(criticalPath(layout));
      const critical = new Set(criticalSegments.keys());
      mark('lockstep:trace:critical');
      const view = get().traceView;
      if (view) set({ traceView: { ...view, critical, criticalSegments } });
    } catch (error) {
      if (stillWanted()) set({ traceView: { traceId: id, status: 'error', error: errorText(error), startedAt } });
    } finally {
      offProgress();
    }
  },

  closeTrace() {
    set({ traceView: null });
  },

  selectSpan(spanIndex) {
    const view = get().traceView;
    if (view) set({ traceView: { ...view, selectedSpan: spanIndex } });
  },
});
