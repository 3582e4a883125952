import type { HeatColumn, HeatgridOptions } from '../../../shared/dashboards/kinds/heatgrid';
import type { Panel } from '../../../shared/model/dashboard';
import type { Series } from '../../../shared/model/series';
import { formatValue } from './format';
import { latestSample } from './latest-sample';

export { HeatgridOptionsSchema, type HeatColumn, type HeatgridOptions } from '../../../shared/dashboards/kinds/heatgrid';

export type CellState = 'ok' | 'warn' | 'bad' | 'nodata';

export interface HeatCell {
  state: CellState;
  value?: number;
  /** The value as shown ("82%"), or "no data". */
  text: string;
  /** The state for a screen reader and for whoever cannot tell the colours apart. */
  words: string;
  /** How bad, to rank rows: 0 ok, 0.5 no data, 1–2 warn, 2–3 bad (deeper past the line ranks higher). */
  severity: number;
}

export interface HeatRow {
  key: string;
  cells: HeatCell[];
  severity: number;
}

export interface HeatGrid {
  columns: (HeatColumn & { id: string; title: string })[];
  rows: HeatRow[];
  /** The row holding the worst cell, when some cell is warn or bad. */
  flagged?: string;
  /** Rows left out past `maxRows`. */
  hidden: number;
}

/** The columns the grid shows: one per target, described by the option of the same refId, else plainly. */
export function heatColumns(targets: Panel['targets'], options: Pick<HeatgridOptions, 'columns'>): HeatGrid['columns'] {
  return targets.map((target) => {
    const column = options.columns.find((c) => c.refId === target.refId) ?? { refId: target.refId, unit: 'none' as const, badWhen: 'above' as const };
    return { ...column, id: column.id ?? target.refId.toLowerCase(), title: column.title ?? target.refId };
  });
}

/** How far past a line a value is, as a share of the line (0–1), so rows rank by how deep they are in trouble. */
function depth(value: number, line: number): number {
  const span = Math.abs(line) || 1;
  return Math.min(1, Math.abs(value - line) / span);
}

/** The state of one value in its column: bad past `bad`, warn past `warn`, else ok. */
export function cellState(value: number | undefined, column: Pick<HeatColumn, 'badWhen' | 'warn' | 'bad' | 'unit'>): HeatCell {
  if (value === undefined) return { state: 'nodata', text: 'no data', words: 'no data', severity: 0.5 };
  const past = (line: number | undefined) => line !== undefined && (column.badWhen === 'below' ? value < line : value > line);
  const text = formatValue(value, column.unit);
  if (past(column.bad)) return { state: 'bad', value, text, words: 'bad', severity: 2 + depth(value, column.bad!) };
  if (past(column.warn)) return { state: 'warn', value, text, words: 'warning', severity: 1 + depth(value, column.warn!) };
  return { state: 'ok', value, text, words: 'ok', severity: 0 };
}

/**
 * The grid: a row per value of `rowLabel` seen in any column, a cell per column holding that
 * row's newest sample. A series whose newest sample is older than `staleSeconds` before the
 * answer (the exporter or rule stopped) is no data, as is a row a column has no series for:
 * missing is never ok. Several series for one cell (an extra label) show the worst.
 */
export function buildHeatGrid(
  columns: HeatGrid['columns'],
  seriesByColumn: readonly (readonly Series[] | undefined)[],
  fetchedAtByColumn: readonly (number | undefined)[],
  options: Pick<HeatgridOptions, 'rowLabel' | 'sortWorstFirst' | 'staleSeconds' | 'maxRows'>,
): HeatGrid {
  const keys = new Set<string>();
  const cellMaps = columns.map((column, c) => {
    const byRow = new Map<string, HeatCell>();
    const fetchedAt = fetchedAtByColumn[c];
    for (const series of seriesByColumn[c] ?? []) {
      const key = series.labels[options.rowLabel];
      if (key === undefined) continue;
      keys.add(key);
      const latest = latestSample(series);
      const fresh = latest && (fetchedAt === undefined || fetchedAt - latest.time <= staleAfterMs(series, options.staleSeconds));
      const cell = cellState(fresh ? latest.value : undefined, column);
      const before = byRow.get(key);
      if (!before || cell.severity > before.severity) byRow.set(key, cell);
    }
    return byRow;
  });
  let rows: HeatRow[] = [...keys]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const cells = columns.map((column, c) => cellMaps[c]!.get(key) ?? cellState(undefined, column));
      return { key, cells, severity: Math.max(0, ...cells.map((cell) => cell.severity)) };
    });
  const worst = rows.reduce<HeatRow | undefined>((w, row) => (row.severity >= 1 && (!w || rowRank(row) > rowRank(w)) ? row : w), undefined);
  if (options.sortWorstFirst) rows = [...rows].sort((a, b) => rowRank(b) - rowRank(a));
  const hidden = Math.max(0, rows.length - options.maxRows);
  return { columns, rows: rows.slice(0, options.maxRows), hidden, ...(worst ? { flagged: worst.key } : {}) };
}

/**
 * How old a series' newest sample may be and still count: `staleSeconds`, or two of the
 * series' steps when a long range asks for coarser ones (a 7-day range at a 10-minute step
 * ends up to 10 minutes before the answer without anything having stopped).
 */
export function staleAfterMs(series: Pick<Series, 'times'>, staleSeconds: number): number {
  const n = series.times.length;
  const step = n >= 2 ? series.times[n - 1]! - series.times[n - 2]! : 0;
  return Math.max(staleSeconds * 1000, 2 * step);
}

/** The worst cell first, then how many cells are in trouble: two bad cells outrank one as bad. */
function rowRank(row: HeatRow): number {
  const troubled = row.cells.filter((cell) => cell.severity >= 1).length;
  return row.severity * 100 + troubled;
}

export interface GridPos {
  row: number;
  col: number;
}

/**
 * What a key does in the grid (one Tab stop, the active cell moved by keys, as the WAI-ARIA
 * grid pattern has it): arrows, Home/End and PageUp/PageDown move, clamped to the grid;
 * Enter or Space picks the active cell's row; anything else is not the grid's.
 */
export function gridKey(at: GridPos, key: string, size: { rows: number; cols: number }): { move: GridPos } | { pick: number } | undefined {
  if (size.rows === 0 || size.cols === 0) return undefined;
  const row = (n: number) => Math.min(size.rows - 1, Math.max(0, n));
  const col = (n: number) => Math.min(size.cols - 1, Math.max(0, n));
  switch (key) {
    case 'ArrowDown':
      return { move: { row: row(at.row + 1), col: col(at.col) } };
    case 'ArrowUp':
      return { move: { row: row(at.row - 1), col: col(at.col) } };
    case 'ArrowRight':
      return { move: { row: row(at.row), col: col(at.col + 1) } };
    case 'ArrowLeft':
      return { move: { row: row(at.row), col: col(at.col - 1) } };
    case 'Home':
      return { move: { row: row(at.row), col: 0 } };
    case 'End':
      return { move: { row: row(at.row), col: size.cols - 1 } };
    case 'PageUp':
      return { move: { row: 0, col: col(at.col) } };
    case 'PageDown':
      return { move: { row: size.rows - 1, col: col(at.col) } };
    case 'Enter':
    case ' ':
      return { pick: row(at.row) };
    default:
      return undefined;
  }
}

/**
 * The grid drawn from an answer that stopped coming: every cell "no data" (the wall must not
 * keep a city green on old numbers), its last value kept in the words for whoever asks.
 */
export function markStale(grid: HeatGrid): HeatGrid {
  return {
    ...grid,
    rows: grid.rows.map((row) => ({
      ...row,
      cells: row.cells.map((cell) => ({ ...cell, state: 'nodata' as const, words: cell.value === undefined ? 'no data' : `stale, last ${cell.text}` })),
    })),
  };
}
