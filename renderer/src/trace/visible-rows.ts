/**
 * Which rows a virtualised list must render: rows have one fixed height, so the
 * visible window follows from the scroll offset alone, whatever the row count.
 */
/** Rows rendered beyond each edge of the viewport, so a fast scroll shows rows, not a gap. */
export const OVERSCAN_ROWS = 8;

/**
 * The size of a pool of row slots that always holds every row visibleRange can return for this
 * viewport: `index % rowSlots(...)` then gives consecutive rows distinct, stable keys, so a row
 * keeps its element (and React its memoised render) for as long as it stays in view.
 */
export function rowSlots(viewportHeight: number, rowHeight: number, overscan = OVERSCAN_ROWS): number {
  if (rowHeight <= 0) return 1;
  // first = floor(top / h) - overscan, last = ceil((top + viewport) / h) + overscan: at most
  // ceil(viewport / h) + 1 rows in view plus both overscans.
  return Math.ceil(viewportHeight / rowHeight) + 2 * overscan + 2;
}

export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { first: number; last: number } {
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}
