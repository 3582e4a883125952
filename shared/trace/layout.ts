import type { RpcTimes, Trace } from '../model/traces';
import type { RpcBreakdown, TraceLayout, WaterfallRow } from './layout-types';
import { buildSpanTree } from './tree';

export interface LayoutOptions {
  /** Span ids whose descendants are hidden. */
  collapsed?: ReadonlySet<string>;
}

/**
 * The waterfall: rows depth-first with children by start time, computed with an explicit
 * stack (a 5,000-deep trace must not overflow). O(n log n) for the one sort, O(n) otherwise.
 */
export function layoutTrace(trace: Trace, options: LayoutOptions = {}): TraceLayout {
  const spans = trace.spans;
  const n = spans.length;
  const tree = buildSpanTree(spans);
  const { childStart, children, roots } = tree;
  const collapsed = options.collapsed;

  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const services = new Set<string>();
  for (const span of spans) {
    if (span.start < start) start = span.start;
    const spanEnd = span.start + span.duration;
    if (spanEnd > end) end = spanEnd;
    services.add(span.service);
  }
  if (n === 0) start = end = 0;

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
    const row: WaterfallRow = { spanIndex: i, depth: d, offset: span.start - start, duration: span.duration, childCount: last - first };
    const rpc = span.rpc && rpcBreakdown(span.rpc);
    if (rpc) row.rpc = rpc;
    rows.push(row);
    if (collapsed?.has(span.spanId)) continue;
    // Pushed in reverse so the earliest child is popped (and shown) first.
    for (let k = last - 1; k >= first; k -= 1) {
      const child = children[k]!;
      depth[child] = d + 1;
      stack[top++] = child;
    }
  }

  return {
    traceId: trace.traceId,
    start,
    duration: end - start,
    spans,
    rows,
    services: [...services].sort(),
    maxDepth,
    warnings: [...trace.warnings, ...tree.warnings],
    tree,
  };
}

/** Network/server split of one RPC; each part only where both of its ends are known. */
export function rpcBreakdown(rpc: RpcTimes): RpcBreakdown | undefined {
  const out: RpcBreakdown = {};
  const { cs, sr, ss, cr } = rpc;
  if (cs !== undefined && sr !== undefined) out.networkOut = sr - cs;
  if (sr !== undefined && ss !== undefined) out.server = ss - sr;
  if (ss !== undefined && cr !== undefined) out.networkBack = cr - ss;
  if (cs !== undefined && cr !== undefined) out.clientTotal = cr - cs;
  return Object.keys(out).length > 0 ? out : undefined;
}
