/**
 * Which rows a virtualised list must render: rows have one fixed height, so the
 * visible window follows from the scroll offset alone, whatever the row count.
 */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, rowCount: number, overscan = 8): { first: number; last: number } {
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last };
}
