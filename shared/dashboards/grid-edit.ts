import type { GridPos } from '../model/dashboard';

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));
const overlaps = (a: GridPos, b: GridPos) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** A panel moved by whole cells, kept on the 24-column grid. */
export function moveBy(grid: GridPos, dx: number, dy: number): GridPos {
  return { ...grid, x: clamp(grid.x + dx, 0, 24 - grid.w), y: clamp(grid.y + dy, 0, 10_000) };
}

/** A panel resized by whole cells from its bottom-right corner: at least one cell, never past the right edge. */
export function resizeBy(grid: GridPos, dw: number, dh: number): GridPos {
  return { ...grid, w: clamp(grid.w + dw, 1, 24 - grid.x), h: clamp(grid.h + dh, 1, 200) };
}

/**
 * The layout after one panel takes `next`: it stays exactly where it was put, and the
 * panels it now covers move down out of its way (and those they then cover, in turn), as
 * a grid editor does; nothing else moves, so the rest of the layout is the person's own.
 */
export function placeGrid(grids: readonly GridPos[], index: number, next: GridPos): GridPos[] {
  const out = grids.map((g) => ({ ...g }));
  out[index] = { ...next };
  const placed: GridPos[] = [out[index]!];
  const order = out.map((g, i) => ({ g, i })).filter(({ i }) => i !== index).sort((a, b) => a.g.y - b.g.y || a.g.x - b.g.x);
  for (const { g } of order) {
    for (let guard = 0; guard < 10_000; guard++) {
      const hit = placed.find((p) => overlaps(p, g));
      if (!hit) break;
      g.y = hit.y + hit.h;
    }
    placed.push(g);
  }
  return out;
}
