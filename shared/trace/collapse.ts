import type { TraceLayout, WaterfallRow } from './layout-types';

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
