import type { TraceLayout } from './layout-types';
import { treeOf } from './derived-tree';

export interface ServiceStats {
  service: string;
  spanCount: number;
  errorCount: number;
  /** Sum of span durations, microseconds (overlapping children counted twice). */
  totalTime: number;
  /** Time spent in the service's spans while none of their children ran, microseconds. */
  selfTime: number;
}

/** Per-service counts and self time, largest self time first. O(n) on the sorted tree. */
export function serviceStats(layout: TraceLayout): ServiceStats[] {
  const { spans } = layout;
  const { childStart, children } = treeOf(layout);
  const stats = new Map<string, ServiceStats>();
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!;
    let entry = stats.get(span.service);
    if (!entry) {
      entry = { service: span.service, spanCount: 0, errorCount: 0, totalTime: 0, selfTime: 0 };
      stats.set(span.service, entry);
    }
    entry.spanCount += 1;
    if (span.status.code === 'error') entry.errorCount += 1;
    entry.totalTime += span.duration;
    entry.selfTime += selfTime(spans, i, childStart, children);
  }
  return [...stats.values()].sort((a, b) => b.selfTime - a.selfTime || a.service.localeCompare(b.service));
}

/** Duration minus the union of the children's intervals (clipped to the span); children are sorted by start. */
export function selfTime(
  spans: TraceLayout['spans'],
  i: number,
  childStart: Int32Array,
  children: Int32Array,
): number {
  const span = spans[i]!;
  const spanEnd = span.start + span.duration;
  let covered = 0;
  let runStart = 0;
  let runEnd = Number.NEGATIVE_INFINITY;
  for (let k = childStart[i]!; k < childStart[i + 1]!; k += 1) {
    const child = spans[children[k]!]!;
    const s = Math.max(child.start, span.start);
    const e = Math.min(child.start + child.duration, spanEnd);
    if (e <= s) continue;
    if (s > runEnd) {
      if (runEnd > runStart) covered += runEnd - runStart;
      runStart = s;
      runEnd = e;
    } else if (e > runEnd) {
      runEnd = e;
    }
  }
  if (runEnd > runStart) covered += runEnd - runStart;
  return Math.max(0, span.duration - covered);
}
