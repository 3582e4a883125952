import type { GridPos } from '../model/dashboard';

/*
 * Grafana before schemaVersion 16 laid panels out in rows: each row a height in pixels,
 * each panel a `span` of 12 columns. Grafana's own upgrade turns that into gridPos with a
 * 30 px cell plus 8 px margin and two grid columns per span; the same rule here, so an old
 * dashboard looks as it does in Grafana today.
 */
const GRID_CELL_HEIGHT = 30;
const GRID_CELL_VMARGIN = 8;
const MIN_PANEL_HEIGHT = GRID_CELL_HEIGHT * 3;
const DEFAULT_ROW_HEIGHT = 250;
const DEFAULT_SPAN = 4;

export function gridHeightOf(height: unknown): number {
  const px = typeof height === 'number' ? height : typeof height === 'string' ? Number.parseInt(height.replace('px', ''), 10) : Number.NaN;
  const clamped = Math.max(MIN_PANEL_HEIGHT, Number.isFinite(px) ? px : DEFAULT_ROW_HEIGHT);
  return Math.ceil(clamped / (GRID_CELL_HEIGHT + GRID_CELL_VMARGIN));
}

export interface LegacyRow {
  height?: unknown;
  panels: { span?: unknown; height?: unknown }[];
}

/** One gridPos per panel of each row, rows stacked top to bottom, a panel wider than what is left of a line starting the next. */
export function legacyRowsToGrid(rows: readonly LegacyRow[]): GridPos[][] {
  let y = 0;
  return rows.map((row) => {
    const rowHeight = gridHeightOf(row.height);
    let x = 0;
    let lineHeight = 0;
    const placed = row.panels.map((panel) => {
      const span = typeof panel.span === 'number' && panel.span > 0 ? Math.floor(panel.span) : DEFAULT_SPAN;
      const w = Math.min(24, Math.max(1, span * 2));
      const h = panel.height !== undefined ? gridHeightOf(panel.height) : rowHeight;
      if (x + w > 24) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const pos = { x, y, w, h };
      x += w;
      lineHeight = Math.max(lineHeight, h);
      return pos;
    });
    y += placed.length > 0 ? lineHeight : 0;
    return placed;
  });
}

const overlaps = (a: GridPos, b: GridPos) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Panels moved up into the space skipped panels left, and never on top of each other (a
 * collapsed row's panels keep positions that overlap the rows below once flattened), like
 * Grafana's grid does with gravity: top to bottom, each as high as it fits.
 */
export function compactGrid(grids: readonly GridPos[]): GridPos[] {
  const order = grids.map((g, i) => ({ g, i })).sort((a, b) => a.g.y - b.g.y || a.g.x - b.g.x);
  const placed: GridPos[] = [];
  const out: GridPos[] = new Array<GridPos>(grids.length);
  for (const { g, i } of order) {
    const pos = { ...g, y: 0 };
    for (let guard = 0; guard < 10_000; guard++) {
      const hit = placed.find((p) => overlaps(p, pos));
      if (!hit) break;
      pos.y = hit.y + hit.h;
    }
    placed.push(pos);
    out[i] = pos;
  }
  return out;
}
