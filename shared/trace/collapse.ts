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

/** The layout with the descendants of `collapsed` span ids hidden; rows are shared with the full layout, not copied. */
export function collapseLayout(layout: TraceLayout, collapsed: ReadonlySet<string>): TraceLayout {
  const all = layout.allRows ?? layout.rows;
  const sizes = layout.subtreeRows;
  if (!sizes || sizes.length !== all.length) throw new Error('collapseLayout needs a layout from layoutTrace (it has no subtree sizes)');
  if (collapsed.size === 0) return { ...layout, rows: all };
  const spans = layout.spans;
  const visible = visibleRowIndexes(sizes, (k) => {
    const row = all[k]!;
    return row.childCount > 0 && collapsed.has(spans[row.spanIndex]!.spanId);
  });
  const rows = new Array<WaterfallRow>(visible.length);
  for (let v = 0; v < visible.length; v += 1) rows[v] = all[visible[v]!]!;
  return { ...layout, rows };
}
