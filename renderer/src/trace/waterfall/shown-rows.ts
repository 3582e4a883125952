import { foldedAncestors, visibleRows } from '../../../../shared/trace/collapse';
import { treeOf } from '../../../../shared/trace/derived-tree';
import type { TraceLayout, WaterfallRow } from '../../../../shared/trace/layout-types';

export interface ShownRowsOptions {
  collapsed: ReadonlySet<string>;
  /** Only spans on the critical path. */
  criticalOnly: boolean;
  critical: ReadonlySet<number> | undefined;
  /** When set, rows whose span is not in it are hidden (filter mode "hide"). */
  onlySpans?: ReadonlySet<number>;
}

/**
 * The rows the waterfall draws: folded subtrees out (the index skip of shared/trace/collapse.ts,
 * one step per visible row), then the critical-path and filter views over what is left.
 */
export function shownRows(layout: TraceLayout, options: ShownRowsOptions): readonly WaterfallRow[] {
  let rows = visibleRows(layout, options.collapsed);
  const critical = options.critical;
  if (options.criticalOnly && critical) rows = rows.filter((r) => critical.has(r.spanIndex));
  const only = options.onlySpans;
  if (only) rows = rows.filter((r) => only.has(r.spanIndex));
  return rows;
}

/**
 * What must change so a span is on screen: the folded spans above it unfolded, and the
 * critical-path view left when the span is not on the path.
 */
export function revealSpan(
  layout: TraceLayout,
  spanIndex: number,
  collapsed: ReadonlySet<string>,
  criticalOnly: boolean,
  critical: ReadonlySet<number> | undefined,
): { collapsed: ReadonlySet<string>; criticalOnly: boolean } {
  const folded = foldedAncestors(layout, treeOf(layout).parent, spanIndex, collapsed);
  let next = collapsed;
  if (folded.length > 0) {
    const copy = new Set(collapsed);
    for (const id of folded) copy.delete(id);
    next = copy;
  }
  return { collapsed: next, criticalOnly: criticalOnly && (critical?.has(spanIndex) ?? false) };
}
