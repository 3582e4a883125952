import type { TraceLayout } from './layout-types';
import { treeOf } from './derived-tree';

/** A stretch of time during which `spanIndex` itself (not a child) held up the trace. */
export interface CriticalSegment {
  spanIndex: number;
  /** Microseconds from the trace start. */
  start: number;
  end: number;
}

/**
 * The critical path, Jaeger-style: walking back from the end of each span, the child that
 * finished last is what the span waited on; before that child started, the next child that
 * finished before it; time no child covers is the span's own. Returns segments sorted by
 * start. Iterative; each span is visited at most once; O(n log n) for sorting children by end.
 */
export function criticalPath(layout: TraceLayout): CriticalSegment[] {
  const { spans } = layout;
  const tree = treeOf(layout);
  const { childStart, children, roots } = tree;
  const origin = layout.start;
  const endOf = (i: number) => spans[i]!.start + spans[i]!.duration;
  const segments: CriticalSegment[] = [];
  const byEndDesc = (a: number, b: number) => endOf(b) - endOf(a) || a - b;

  // Work items: a span and the moment its parent stopped waiting on it.
  const work: { span: number; until: number }[] = [];
  // Roots act as children of a virtual span covering the whole trace.
  const rootOrder = Array.from(roots).sort(byEndDesc);
  let cursor = Number.POSITIVE_INFINITY;
  for (const r of rootOrder) {
    if (spans[r]!.start >= cursor) continue;
    work.push({ span: r, until: Math.min(endOf(r), cursor) });
    cursor = spans[r]!.start;
  }

  while (work.length > 0) {
    const { span: i, until } = work.pop()!;
    const span = spans[i]!;
    const first = childStart[i]!;
    const last = childStart[i + 1]!;
    // Most spans of a big trace are leaves: no array is made or sorted for them.
    const kids = last - first === 0 ? NO_KIDS : last - first === 1 ? [children[first]!] : Array.from(children.subarray(first, last)).sort(byEndDesc);
    let at = until;
    for (const c of kids) {
      if (at <= span.start) break;
      const child = spans[c]!;
      // Like Jaeger: a child still running when the next critical child started was not
      // waited on; only a child overrunning its parent's own end is clipped to it.
      if (child.start >= at || (endOf(c) > at && at < until)) continue;
      const childEnd = Math.min(endOf(c), at);
      if (childEnd < at) segments.push({ spanIndex: i, start: childEnd - origin, end: at - origin });
      work.push({ span: c, until: childEnd });
      at = Math.max(child.start, span.start);
    }
    if (at > span.start) segments.push({ spanIndex: i, start: span.start - origin, end: at - origin });
  }
  return segments.sort((a, b) => a.start - b.start || a.end - b.end);
}

const NO_KIDS: readonly number[] = [];

/** The critical path's stretches per span index (microseconds from the trace start), as the waterfall stripes each row. */
export type SegmentsBySpan = ReadonlyMap<number, readonly { start: number; end: number }[]>;

/** The critical path's segments grouped by span; its keys are the spans on the path. */
export function segmentsBySpan(segments: readonly CriticalSegment[]): SegmentsBySpan {
  const bySpan = new Map<number, { start: number; end: number }[]>();
  for (const seg of segments) {
    const list = bySpan.get(seg.spanIndex);
    if (list) list.push(seg);
    else bySpan.set(seg.spanIndex, [seg]);
  }
  return bySpan;
}
