import type { TraceHead } from '../api/trace-progress';
import { TraceColumnsSchema } from '../model/trace-columns';
import { decodeParents, decodeTraceColumns } from './columns-codec';
import { layoutTrace } from './layout';
import type { TraceLayout } from './layout-types';

/** A large trace's first rows laid out as the page draws them while the whole is on its way. */
export interface HeadLayout {
  /** The rows on the whole trace's time axis, with its services and each row's children in the whole. */
  layout: TraceLayout;
  /** Spans in the whole trace. */
  spanCount: number;
  /** Rows' spans (indexes into layout.spans) with a failure below them in the whole trace. */
  errorBelow: ReadonlySet<number>;
}

/**
 * The head the host sent (shared/trace/columns-head.ts), checked like any columns and laid
 * out; undefined, with the reason, when it does not hold together, so the page simply waits
 * for the whole trace.
 */
export function headLayout(head: TraceHead): { ok: true; head: HeadLayout } | { ok: false; reason: string } {
  const parsed = TraceColumnsSchema.safeParse(head.columns);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'the first rows do not read as trace columns' };
  const columns = parsed.data;
  const n = columns.count;
  if (head.childCount.length !== n) return { ok: false, reason: `the first rows came with ${head.childCount.length} child counts for ${n} spans` };
  if (head.spanCount < n) return { ok: false, reason: `the first rows are ${n} spans of a trace said to have ${head.spanCount}` };
  if (head.errorBelow.some((i) => i >= n)) return { ok: false, reason: 'the first rows mark a failure below a row they do not have' };
  const parents = decodeParents(columns);
  if (!parents?.lists) return { ok: false, reason: 'the first rows came without their tree' };
  const laidOut = layoutTrace(decodeTraceColumns(columns), { parents, whole: { start: head.start, duration: head.duration } });
  // Each row's children in the whole trace: a folded-looking leaf here may have thousands.
  const rows = laidOut.rows.map((row) => ({ ...row, childCount: head.childCount[row.spanIndex]! }));
  return {
    ok: true,
    head: {
      layout: { ...laidOut, rows, allRows: rows, services: head.services },
      spanCount: head.spanCount,
      errorBelow: new Set(head.errorBelow),
    },
  };
}
