import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { legendGrid } from './legend-window';
import { SeriesLegend, WINDOWED_FROM } from './SeriesLegend';

const cell = { width: 143, height: 15 };

describe('legendGrid: which entries of a long legend are rendered', () => {
  it('renders the rows in view and one row either side, as whole rows of the grid', () => {
    // 1,000 px fit 6 cells of 143 px; 500 entries make 84 rows; 40 px of box show rows 6–8 at scrollTop 90.
    const grid = legendGrid(500, { width: 1000, height: 40, scrollTop: 90 }, cell, null);
    expect(grid.columns).toBe(6);
    expect(grid.rows).toBe(84);
    expect(grid.indices[0]).toBe(5 * 6);
    expect(grid.indices[grid.indices.length - 1]).toBe(10 * 6 - 1);
    expect(grid.indices).toHaveLength(5 * 6);
  });

  it('ends at the last entry when scrolled to the bottom', () => {
    const grid = legendGrid(500, { width: 1000, height: 40, scrollTop: 84 * 15 - 40 }, cell, null);
    expect(grid.indices[grid.indices.length - 1]).toBe(499);
    expect(new Set(grid.indices).size).toBe(grid.indices.length);
  });

  it('always renders the entry holding the Tab stop, in order, wherever the scroll is', () => {
    const below = legendGrid(500, { width: 1000, height: 40, scrollTop: 0 }, cell, 480);
    expect(below.indices).toContain(480);
    expect(below.indices[below.indices.length - 1]).toBe(480);
    const above = legendGrid(500, { width: 1000, height: 40, scrollTop: 600 }, cell, 3);
    expect(above.indices[0]).toBe(3);
    expect(above.indices.filter((i) => i === 3)).toHaveLength(1);
  });

  it('still renders a first row before the box has been measured', () => {
    const grid = legendGrid(500, { width: 0, height: 0, scrollTop: 0 }, cell, null);
    expect(grid.columns).toBe(1);
    expect(grid.indices).toEqual([0, 1]);
  });
});

describe('SeriesLegend with hundreds of series', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `service-${i}`, color: '#4e9cf5', values: [i / 1000] }));
  const render = (n: number, tabStop: number) =>
    renderToStaticMarkup(<SeriesLegend lines={lines(n)} unit="seconds" shown={lines(n).map(() => true)} tabStop={tabStop} onIsolate={() => {}} onToggle={() => {}} onFocusEntry={() => {}} />);

  it('renders only a window of a 500-entry legend, says the full count, and keeps the Tab-stop entry reachable', () => {
    const html = render(500, 437);
    expect(html).toContain('500 series');
    const entries = html.match(/data-testid="legend-entry"/g) ?? [];
    expect(entries.length).toBeLessThan(10);
    expect(html).toContain('data-index="437"');
    expect(html).toMatch(/data-index="437" aria-pressed="true" tabindex="0"/);
    // The grid is as tall as all 500 rows (one column before measuring), so it scrolls through every entry.
    expect(html).toContain('grid-template-rows:repeat(500, 15px)');
    // A long name may end in "…" in its cell: the tooltip says it whole.
    expect(html).toContain('title="service-437"');
  });

  it('renders every entry of a legend shorter than the window threshold', () => {
    const html = render(WINDOWED_FROM - 1, 0);
    expect(html.match(/data-testid="legend-entry"/g)).toHaveLength(WINDOWED_FROM - 1);
    expect(html).not.toContain('legend--windowed');
  });
});
