/**
 * Which entries of a long legend are rendered: the legend is a grid of equal cells, so the
 * rows in view follow from its scroll offset, and only they (plus a row either side) become
 * DOM. 500 entries made, laid out and styled with the canvas cost about a third of the time
 * to the first chart (scripts/bench/timeseries.ts); the legend box shows three rows.
 */
export interface LegendGrid {
  /** Cells per row. */
  columns: number;
  /** Rows of the whole legend, rendered or not (the grid's height, so it scrolls in full). */
  rows: number;
  /** Indices of the entries to render, ascending. */
  indices: number[];
}

/** Rows rendered beyond the visible ones on each side, so a short scroll never shows a blank row. */
const OVERSCAN_ROWS = 1;

export function legendGrid(
  total: number,
  box: { width: number; height: number; scrollTop: number },
  cell: { width: number; height: number },
  /** An entry always rendered (the one holding the Tab stop), wherever the scroll is. */
  keep: number | null,
): LegendGrid {
  const columns = Math.max(1, Math.floor(box.width / Math.max(1, cell.width)));
  const rows = Math.ceil(total / columns);
  const rowHeight = Math.max(1, cell.height);
  const first = Math.max(0, Math.floor(box.scrollTop / rowHeight) - OVERSCAN_ROWS);
  const last = Math.min(rows - 1, Math.ceil((box.scrollTop + Math.max(rowHeight, box.height)) / rowHeight) - 1 + OVERSCAN_ROWS);
  const indices: number[] = [];
  if (keep !== null && keep >= 0 && keep < total && keep < first * columns) indices.push(keep);
  for (let i = first * columns; i < Math.min(total, (last + 1) * columns); i += 1) indices.push(i);
  if (keep !== null && keep >= 0 && keep < total && keep >= (last + 1) * columns) indices.push(keep);
  return { columns, rows, indices };
}
