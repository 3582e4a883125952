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

/**
 * The rows left when the subtrees under `collapsed` span ids are folded. `rows` is depth-first
 * (layout.ts), so a folded row's descendants are exactly the rows after it that are deeper:
 * one linear pass, no tree walk.
 */
export function foldRows(layout: Pick<TraceLayout, 'spans'>, rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  if (collapsed.size === 0) return rows as WaterfallRow[];
  const out: WaterfallRow[] = [];
  let skipDeeperThan = -1;
  for (const row of rows) {
    if (skipDeeperThan >= 0) {
      if (row.depth > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    out.push(row);
    if (row.childCount > 0 && collapsed.has(layout.spans[row.spanIndex]!.spanId)) skipDeeperThan = row.depth;
  }
  return out;
}

/** Every span with children folded: only the roots show. */
export function collapseAll(layout: Pick<TraceLayout, 'spans' | 'rows'>): Set<string> {
  return collapseFromDepth(layout, 0);
}

/**
 * "Expand to depth N": rows of depth 0 … N−1 show (N = 1 shows the roots alone); every span at
 * depth N−1 or deeper that has children is folded, so expanding one of them opens a single level.
 */
export function expandToDepth(layout: Pick<TraceLayout, 'spans' | 'rows'>, levels: number): Set<string> {
  return collapseFromDepth(layout, Math.max(0, Math.floor(levels) - 1));
}

function collapseFromDepth(layout: Pick<TraceLayout, 'spans' | 'rows'>, depth: number): Set<string> {
  const out = new Set<string>();
  for (const row of layout.rows) if (row.childCount > 0 && row.depth >= depth) out.add(layout.spans[row.spanIndex]!.spanId);
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
