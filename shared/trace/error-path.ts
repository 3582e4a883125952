import type { TraceLayout } from './layout-types';
import { treeOf } from './derived-tree';

/**
 * Spans that are not errors themselves but have an error somewhere below them: the path from
 * every failing span up to its root, so a collapsed or scrolled-away failure still shows on
 * the rows above it ("error below"). O(n): each span's parent is visited once per marking.
 */
export function errorAncestors(layout: TraceLayout): Set<number> {
  const { spans } = layout;
  const { parent } = treeOf(layout);
  const marked = new Set<number>();
  for (let i = 0; i < spans.length; i += 1) {
    if (spans[i]!.status.code !== 'error') continue;
    let p = parent[i]!;
    // Stops at a span already marked: everything above it is marked too.
    while (p >= 0 && !marked.has(p)) {
      marked.add(p);
      p = parent[p]!;
    }
  }
  for (const i of [...marked]) if (spans[i]!.status.code === 'error') marked.delete(i);
  return marked;
}
