import type { RpcTimes, Trace } from '../model/traces';
import type { RpcBreakdown, TraceLayout, WaterfallRow } from './layout-types';
import { buildSpanTree, type KnownParents, knownSpanTree } from './tree';
import { collapseLayout, subtreeSizes } from './collapse';

export interface LayoutOptions {
  /** Span ids whose descendants are hidden. */
  collapsed?: ReadonlySet<string>;
  /**
   * Each span's parent index and what resolving them said, when already known (the host
   * sends them with the columns: shared/trace/columns-codec.ts, decodeParents), with the
   * tree's lists where it sent those too; else they are resolved by id here.
   */
  parents?: KnownParents;
  /**
   * The whole trace's first moment (epoch µs) and length, when `trace` is only its first rows
   * (shared/trace/columns-head.ts): rows are placed on the whole trace's time axis.
   */
  whole?: { start: number; duration: number };
}

/**
 * The waterfall: rows depth-first with children by start time, computed with an explicit
 * stack (a 5,000-deep trace must not overflow). O(n log n) for the one sort, O(n) otherwise.
 * Every row is laid out once, collapsed or not; collapsing then only picks the visible rows
 * (collapseLayout in shared/trace/collapse.ts), so toggling never lays the trace out again.
 */
export function layoutTrace(trace: Trace, options: LayoutOptions = {}): TraceLayout {
  const spans = trace.spans;
  const n = spans.length;
  const known = options.parents?.parent.length === n ? options.parents : undefined;
  const tree = known ? knownSpanTree(spans, known) : buildSpanTree(spans);
  const { childStart, children, roots } = tree;

  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const services = new Set<string>();
  // An unfinished span's start is a real moment; its end is unknown and never stretches the total.
  for (const span of spans) {
    if (span.start < start) start = span.start;
    const spanEnd = span.unfinished ? span.start : span.start + span.duration;
    if (spanEnd > end) end = spanEnd;
    services.add(span.service);
  }
  if (n === 0) start = end = 0;
  if (options.whole) {
    start = options.whole.start;
    end = start + options.whole.duration;
  }

  const depth = new Int32Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  for (let k = roots.length - 1; k >= 0; k -= 1) stack[top++] = roots[k]!;
  const rows: WaterfallRow[] = [];
  let maxDepth = 0;
  while (top > 0) {
    const i = stack[--top]!;
    const span = spans[i]!;
    const first = childStart[i]!;
    const last = childStart[i + 1]!;
    const d = depth[i]!;
    if (d > maxDepth) maxDepth = d;
    // Every row built in one shape (absent parts are undefined, not missing keys): V8 then keeps
    // one hidden class for 100,000 rows instead of four, and every reader of rows stays fast.
    const row: WaterfallRow = {
      spanIndex: i,
      depth: d,
      offset: span.start - start,
      duration: span.duration,
      childCount: last - first,
      unfinished: span.unfinished ? true : undefined,
      rpc: span.rpc ? rpcBreakdown(span.rpc) : undefined,
    };
    rows.push(row);
    // Pushed in reverse so the earliest child is popped (and shown) first.
    for (let k = last - 1; k >= first; k -= 1) {
      const child = children[k]!;
      depth[child] = d + 1;
      stack[top++] = child;
    }
  }

  const full: TraceLayout = {
    traceId: trace.traceId,
    start,
    duration: end - start,
    spans,
    resources: trace.resources,
    rows,
    services: [...services].sort(),
    maxDepth,
    warnings: [...trace.warnings, ...tree.warnings],
    tree,
    allRows: rows,
    subtreeRows: subtreeSizes(rows.map((row) => row.spanIndex), tree.parent),
  };
  return options.collapsed && options.collapsed.size > 0 ? collapseLayout(full, options.collapsed) : full;
}

/**
 * Network/server split of one RPC; each part only where both of its ends are known. No part
 * is ever negative: where the clocks disagree beyond what skew correction could fix (normalising
 * noted it on the spans), the part is 0 and named in `clamped`.
 */
export function rpcBreakdown(rpc: RpcTimes): RpcBreakdown | undefined {
  // Called for every RPC span of a 100,000-span trace: no closure, no array unless needed, and
  // one object shape (all five keys, undefined where unknown) whatever parts are known.
  const { cs, sr, ss, cr } = rpc;
  const hasOut = cs !== undefined && sr !== undefined;
  const hasServer = sr !== undefined && ss !== undefined;
  const hasBack = ss !== undefined && cr !== undefined;
  const hasTotal = cs !== undefined && cr !== undefined;
  if (!hasOut && !hasServer && !hasBack && !hasTotal) return undefined;
  let clamped: NonNullable<RpcBreakdown['clamped']> | undefined;
  if (hasOut && sr < cs) clamped = ['networkOut'];
  if (hasServer && ss < sr) (clamped ??= []).push('server');
  if (hasBack && cr < ss) (clamped ??= []).push('networkBack');
  if (hasTotal && cr < cs) (clamped ??= []).push('clientTotal');
  return {
    networkOut: hasOut ? Math.max(0, sr - cs) : undefined,
    server: hasServer ? Math.max(0, ss - sr) : undefined,
    networkBack: hasBack ? Math.max(0, cr - ss) : undefined,
    clientTotal: hasTotal ? Math.max(0, cr - cs) : undefined,
    clamped,
  };
}
