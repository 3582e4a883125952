import type { TraceLayout } from './layout-types';
import { treeOf } from './derived-tree';

/**
 * Spans that are not errors themselves but have an error somewhere below them: the path from
 * every failing span up to its root, so a collapsed or scrolled-away failure still shows on
 * the rows above it ("error below").
 */
export function errorAncestors(layout: TraceLayout): Set<number> {
  const { spans } = layout;
  const failed = new Uint8Array(spans.length);
  for (let i = 0; i < spans.length; i += 1) if (spans[i]!.status.code === 'error') failed[i] = 1;
  const marked = failureAncestors(failed, treeOf(layout).parent);
  const below = new Set<number>();
  for (let i = 0; i < marked.length; i += 1) if (marked[i] === 1) below.add(i);
  return below;
}

/**
 * The same over any form of a trace (its columns: shared/trace/columns-head.ts), given 1 for
 * each failed span: 1 for each span that did not fail and has a failed span below it. O(n):
 * each failure marks its ancestors up to one already marked, since everything above that is
 * marked too.
 */
export function failureAncestors(failed: Uint8Array, parent: ArrayLike<number>): Uint8Array {
  const count = failed.length;
  const marked = new Uint8Array(count);
  for (let i = 0; i < count; i += 1) {
    if (failed[i] === 0) continue;
    for (let p = parent[i]!; p >= 0 && marked[p] === 0; p = parent[p]!) marked[p] = 1;
  }
  for (let i = 0; i < count; i += 1) if (failed[i] === 1) marked[i] = 0;
  return marked;
}
