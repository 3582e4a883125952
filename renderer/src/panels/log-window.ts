/**
 * Which rows of a fixed-row-height list to draw for a scroll position. One row may be
 * expanded, adding `extra` pixels below it; every other row is `row` pixels tall, so the
 * window is found by arithmetic, not by measuring.
 */
export interface WindowInput {
  count: number;
  row: number;
  scrollTop: number;
  height: number;
  overscan: number;
  expandedIndex?: number;
  extra: number;
}

export interface ListWindow {
  /** First row drawn and one past the last. */
  first: number;
  last: number;
  totalHeight: number;
}

export function rowTop(i: number, row: number, expandedIndex: number | undefined, extra: number): number {
  return i * row + (expandedIndex !== undefined && expandedIndex >= 0 && i > expandedIndex ? extra : 0);
}

export function indexAtY(y: number, { row, expandedIndex, extra }: Pick<WindowInput, 'row' | 'expandedIndex' | 'extra'>): number {
  const e = expandedIndex ?? -1;
  if (e < 0 || y < (e + 1) * row) return Math.floor(y / row);
  if (y < (e + 1) * row + extra) return e;
  return Math.floor((y - extra) / row);
}

export function listWindow(input: WindowInput): ListWindow {
  const { count, row, scrollTop, height, overscan } = input;
  const e = input.expandedIndex !== undefined && input.expandedIndex >= 0 && input.expandedIndex < count ? input.expandedIndex : undefined;
  const extra = e === undefined ? 0 : input.extra;
  const clamp = (n: number) => Math.max(0, Math.min(count, n));
  const first = clamp(indexAtY(Math.max(0, scrollTop), { row, expandedIndex: e, extra }) - overscan);
  const last = clamp(indexAtY(Math.max(0, scrollTop) + height, { row, expandedIndex: e, extra }) + 1 + overscan);
  return { first, last, totalHeight: count * row + extra };
}
