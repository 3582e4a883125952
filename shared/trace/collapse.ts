import { treeOf } from './derived-tree';
import type { TraceLayout, WaterfallRow } from './layout-types';

/**
 * Collapsing without laying out again. The full rows are in depth-first order, so a row's
 * descendants are exactly the `subtreeRows[k] - 1` rows after it: the visible rows are found
 * by walking the full order and jumping over each collapsed row's subtree. The walk touches
 * only the rows that stay visible, so collapsing the root of 100,000 spans costs one step.
 */
export function visibleRowIndexes(subtreeRows: Int32Array, isCollapsed: (row: number) => boolean): Int32Array {
  const n = subtreeRows.length;
  const out = new Int32Array(n);
  let count = 0;
  let k = 0;
  while (k < n) {
    out[count++] = k;
    // A size below 1 would be a corrupt layout; stepping by at least one keeps the walk finite.
    k += isCollapsed(k) ? Math.max(1, subtreeRows[k]!) : 1;
  }
  return out.subarray(0, count);
}

/**
 * Rows in display order for each row's subtree size, in rows (itself included), given each
 * span's parent (-1 for roots) and the rows' span indexes in depth-first order.
 */
export function subtreeSizes(rowSpans: ArrayLike<number>, parent: Int32Array): Int32Array {
  const bySpan = new Int32Array(parent.length);
  for (let k = rowSpans.length - 1; k >= 0; k -= 1) {
    const i = rowSpans[k]!;
    bySpan[i]! += 1;
    const p = parent[i]!;
    if (p >= 0) bySpan[p]! += bySpan[i]!;
  }
  const sizes = new Int32Array(rowSpans.length);
  for (let k = 0; k < rowSpans.length; k += 1) sizes[k] = bySpan[rowSpans[k]!]!;
  return sizes;
}

/**
 * The rows left when the subtrees under `collapsed` span ids are folded, in display order: the
 * index skip above over the full rows, so it costs one step per visible row. Layouts made
 * elsewhere (tests, imported bundles) have no subtree sizes; they are measured once here.
 */
export function visibleRows(layout: TraceLayout, collapsed: ReadonlySet<string>): readonly WaterfallRow[] {
  const all = layout.allRows ?? layout.rows;
  if (collapsed.size === 0) return all;
  const sizes = layout.subtreeRows && layout.subtreeRows.length === all.length ? layout.subtreeRows : subtreeSizes(all.map((row) => row.spanIndex), treeOf(layout).parent);
  const spans = layout.spans;
  const visible = visibleRowIndexes(sizes, (k) => {
    const row = all[k]!;
    return row.childCount > 0 && collapsed.has(spans[row.spanIndex]!.spanId);
  });
  const rows = new Array<WaterfallRow>(visible.length);
  for (let v = 0; v < visible.length; v += 1) rows[v] = all[visible[v]!]!;
  return rows;
}

/** The layout with the descendants of `collapsed` span ids hidden; rows are shared with the full layout, not copied. */
export function collapseLayout(layout: TraceLayout, collapsed: ReadonlySet<string>): TraceLayout {
  return { ...layout, rows: visibleRows(layout, collapsed) };
}

/** Every span with children folded: only the roots show. */
export function collapseAll(layout: Pick<TraceLayout, 'spans' | 'rows' | 'allRows'>): Set<string> {
  return collapseFromDepth(layout, 0);
}

/**
 * "Expand to depth N": rows of depth 0 … N−1 show (N = 1 shows the roots alone); every span at
 * depth N−1 or deeper that has children is folded, so expanding one of them opens a single level.
 */
export function expandToDepth(layout: Pick<TraceLayout, 'spans' | 'rows' | 'allRows'>, levels: number): Set<string> {
  return collapseFromDepth(layout, Math.max(0, Math.floor(levels) - 1));
}

function collapseFromDepth(layout: Pick<TraceLayout, 'spans' | 'rows' | 'allRows'>, depth: number): Set<string> {
  const out = new Set<string>();
  // Every row, not just the visible ones: a span inside a folded subtree is folded too, so it opens one level at a time.
  for (const row of layout.allRows ?? layout.rows) if (row.childCount > 0 && row.depth >= depth) out.add(layout.spans[row.spanIndex]!.spanId);
  return out;
}

/** The spans on the way from the root to `spanIndex` that are folded: unfolding them brings the span into view. */
export function foldedAncestors(layout: TraceLayout, parentOf: Int32Array, spanIndex: number, collapsed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  let p = parentOf[spanIndex] ?? -1;
  while (p >= 0) {
    const id = layout.spans[p]!.spanId;
    if (collapsed.has(id)) out.push(id);
    p = parentOf[p]!;
  }
  return out;
}
