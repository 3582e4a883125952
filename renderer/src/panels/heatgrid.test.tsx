import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/model/series';
import { batteryLowColumn, onlineColumn, unlockP95Column, unlockSuccessColumn } from '../../../shared/dashboards/fleet-health-columns';
import type { Panel } from '../../../shared/model/dashboard';
import { buildHeatGrid, cellState, gridKey, type HeatGrid, HeatgridOptionsSchema, heatColumns, markStale, staleAfterMs } from './heatgrid-math';
import { HeatgridBody, HeatGridTable, HeatgridPanel } from './HeatgridPanel';
import { panelFor } from './registry';
import { answer, batteryLow, FETCHED_AT, online, series, unlockP95, unlockSuccess } from './testdata/fleet-results';
import type { PanelData } from './use-panel-data';

/** The Lock fleet dashboard's grid (services/dashboards/lock-fleet.ts), with the same columns. */
const panel: Panel = {
  id: 'fleet-health-grid',
  kind: 'heatgrid',
  title: 'Fleet health by city',
  grid: { x: 0, y: 0, w: 12, h: 8 },
  targets: ['city:lock_online:ratio', 'city:lock_unlock_success:ratio_rate1m', 'city:lock_unlock_duration_seconds:p95_rate1m', 'city:lock_battery_low:ratio'].map((name, i) => ({ refId: 'ABCD'[i]!, expr: `${name}{city=~"$city"}` })),
  options: { rowLabel: 'city', columns: [onlineColumn, unlockSuccessColumn, unlockP95Column, batteryLowColumn] },
};
const options = HeatgridOptionsSchema.parse(panel.options);
const columns = heatColumns(panel.targets, options);
const results = [online, unlockSuccess, unlockP95, batteryLow];
const grid = buildHeatGrid(columns, results.map((r) => r.series), results.map((r) => r.fetchedAt), options);
const states = (g: HeatGrid) => Object.fromEntries(g.rows.map((row) => [row.key, row.cells.map((c) => c.state).join(' ')]));

describe('heat grid maths', () => {
  it('reads each cell as the newest value against its column’s lines', () => {
    expect(columns.map((c) => [c.id, c.title])).toEqual([
      ['online', 'Online'],
      ['unlock-success', 'Unlock success'],
      ['unlock-p95', 'Unlock p95'],
      ['battery-low', 'Battery low'],
    ]);
    expect(states(grid)).toEqual({
      shenzhen: 'bad bad bad ok',
      hangzhou: 'ok ok ok bad',
      chengdu: 'ok ok warn ok',
      // beijing: its p95 series stopped 130 s before the answer, and it has no battery series.
      beijing: 'ok ok nodata nodata',
      shanghai: 'ok ok ok ok',
    });
    expect(grid.rows[0]!.cells.map((c) => c.text)).toEqual(['62%', '70%', '13.6 s', '6.0%']);
  });

  it('puts the worst city first and flags it; no data ranks above ok but is never flagged', () => {
    expect(grid.rows.map((r) => r.key)).toEqual(['shenzhen', 'hangzhou', 'chengdu', 'beijing', 'shanghai']);
    expect(grid.flagged).toBe('shenzhen');
    const calm = buildHeatGrid(columns.slice(0, 1), [online.series.filter((s) => s.labels.city !== 'shenzhen')], [FETCHED_AT], options);
    expect(calm.flagged).toBeUndefined();
    const unsorted = buildHeatGrid(columns, results.map((r) => r.series), results.map((r) => r.fetchedAt), { ...options, sortWorstFirst: false });
    expect(unsorted.rows.map((r) => r.key)).toEqual(['beijing', 'chengdu', 'hangzhou', 'shanghai', 'shenzhen']);
    expect(unsorted.flagged).toBe('shenzhen');
  });

  it('ranks the deeper trouble first when two cities are bad, and shows the worst of several series for one cell', () => {
    const two = buildHeatGrid(columns.slice(0, 1), [[series('x', { city: 'a' }, [0.79]), series('x', { city: 'b' }, [0.3])]], [FETCHED_AT], options);
    expect([two.rows.map((r) => r.key), two.flagged]).toEqual([['b', 'a'], 'b']);
    const split = buildHeatGrid(columns.slice(0, 1), [[series('x', { city: 'a', gw: '1' }, [0.99]), series('x', { city: 'a', gw: '2' }, [0.5])]], [FETCHED_AT], options);
    expect(split.rows[0]!.cells[0]).toMatchObject({ state: 'bad', value: 0.5 });
  });

  it('allows two steps of age on coarse ranges, so a 10-minute step is not "no data"', () => {
    const coarse = { name: 'x', labels: { city: 'a' }, times: [FETCHED_AT - 1_500_000, FETCHED_AT - 900_000], values: [0.99, 0.99] };
    expect(staleAfterMs(coarse, 120)).toBe(1_200_000);
    expect(buildHeatGrid(columns.slice(0, 1), [[coarse]], [FETCHED_AT], options).rows[0]!.cells[0]!.state).toBe('ok');
    const stopped = { ...coarse, times: [FETCHED_AT - 2_100_000, FETCHED_AT - 1_500_000] };
    expect(buildHeatGrid(columns.slice(0, 1), [[stopped]], [FETCHED_AT], options).rows[0]!.cells[0]!.state).toBe('nodata');
    expect(staleAfterMs({ times: [FETCHED_AT] }, 120)).toBe(120_000);
  });

  it('bounds the rows and says how many were left out; a series without the row label is no row', () => {
    const many = Array.from({ length: 70 }, (_, i) => series('x', { city: `c${String(i).padStart(2, '0')}` }, [0.99]));
    const big = buildHeatGrid(columns.slice(0, 1), [[...many, series('x', {}, [0.1])]], [FETCHED_AT], options);
    expect([big.rows.length, big.hidden]).toEqual([60, 10]);
  });

  it('states each value in words too, and no value as no data', () => {
    expect(cellState(undefined, columns[0]!)).toMatchObject({ state: 'nodata', text: 'no data', words: 'no data' });
    expect(cellState(0.9, columns[0]!)).toMatchObject({ state: 'warn', words: 'warning', text: '90%' });
    expect(cellState(10, columns[2]!)).toMatchObject({ state: 'warn' });
    expect(cellState(10.01, columns[2]!)).toMatchObject({ state: 'bad', words: 'bad' });
    expect(cellState(42, { unit: 'none', badWhen: 'above' })).toMatchObject({ state: 'ok' });
  });

  it('turns every cell grey when the answer itself went stale, keeping the last value in words', () => {
    const stale = markStale(grid);
    expect(new Set(stale.rows.flatMap((r) => r.cells.map((c) => c.state)))).toEqual(new Set(['nodata']));
    expect(stale.rows[0]!.cells[0]!.words).toBe('stale, last 62%');
  });

  it('moves across cells with the arrow keys, clamped at the edges, and picks the row with Enter or Space', () => {
    const size = { rows: 5, cols: 4 };
    expect(gridKey({ row: 0, col: 0 }, 'ArrowDown', size)).toEqual({ move: { row: 1, col: 0 } });
    expect(gridKey({ row: 0, col: 0 }, 'ArrowUp', size)).toEqual({ move: { row: 0, col: 0 } });
    expect(gridKey({ row: 2, col: 3 }, 'ArrowRight', size)).toEqual({ move: { row: 2, col: 3 } });
    expect(gridKey({ row: 2, col: 3 }, 'ArrowLeft', size)).toEqual({ move: { row: 2, col: 2 } });
    expect(gridKey({ row: 2, col: 1 }, 'End', size)).toEqual({ move: { row: 2, col: 3 } });
    expect(gridKey({ row: 2, col: 1 }, 'Home', size)).toEqual({ move: { row: 2, col: 0 } });
    expect(gridKey({ row: 2, col: 1 }, 'PageDown', size)).toEqual({ move: { row: 4, col: 1 } });
    expect(gridKey({ row: 3, col: 1 }, 'Enter', size)).toEqual({ pick: 3 });
    expect(gridKey({ row: 3, col: 1 }, ' ', size)).toEqual({ pick: 3 });
    expect(gridKey({ row: 3, col: 1 }, 'Tab', size)).toBeUndefined();
    expect(gridKey({ row: 0, col: 0 }, 'Enter', { rows: 0, cols: 4 })).toBeUndefined();
  });
});

describe('HeatGridTable', () => {
  it('is one Tab stop with the active cell announced, each cell carrying its row, column and state', () => {
    const html = renderToStaticMarkup(<HeatGridTable grid={grid} rowLabel="city" onPick={() => {}} />);
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toMatch(/role="grid" tabindex="0" aria-activedescendant="([^"]+)-0-0" aria-label="city by metric: arrow keys move, Enter shows only that city"/);
    expect(html).toContain('data-flagged="shenzhen"');
    expect(html).toMatch(/data-testid="heatgrid-row" data-row="shenzhen" data-flagged="true"/);
    expect(html).toMatch(/data-row="shenzhen" data-col="unlock-success" data-state="bad"[^>]*><span class="heatgrid__value">70%<\/span><span class="heatgrid__words">bad<\/span>/);
    expect(html).toMatch(/data-row="beijing" data-col="battery-low" data-state="nodata"[^>]*><span class="heatgrid__value">no data<\/span><\/span>/);
    expect(html).toContain('class="heatgrid__cell heatgrid__cell--nodata"');
    expect([...html.matchAll(/data-testid="heatgrid-row" data-row="(\w+)"/g)].map((m) => m[1])).toEqual(['shenzhen', 'hangzhou', 'chengdu', 'beijing', 'shanghai']);
  });

  it('renders hostile label values as text, in attributes and cells alike', () => {
    const hostile = '<img src=x onerror=alert(1)>"\u202Egnp.exe';
    const g = buildHeatGrid(columns.slice(0, 1), [[series('x', { city: hostile }, [0.5])]], [FETCHED_AT], options);
    const html = renderToStaticMarkup(<HeatGridTable grid={g} rowLabel="city" />);
    expect(html).not.toContain('<img');
    expect(html).toContain('data-row="&lt;img src=x onerror=alert(1)&gt;&quot;\u202Egnp.exe"');
    expect(html).toContain('data-testid="bidi-mark"');
    // Without a city variable to set, the grid does not promise Enter does anything.
    expect(html).toContain('aria-label="city by metric"');
  });
});

describe('the heat grid panel’s body from live answers', () => {
  const data = (list: QueryResult[], extra: Partial<PanelData> = {}): PanelData => ({
    entries: list.map((result) => ({ result, at: FETCHED_AT })),
    oldestFetch: FETCHED_AT,
    slowLoading: false,
    waiting: false,
    ...extra,
  });
  const body = (d: PanelData, stale = false) => renderToStaticMarkup(<HeatgridBody panel={panel} data={d} stale={stale} />);

  it('draws the answers of its four targets, one per column', () => {
    const html = body(data(results));
    expect(html).toMatch(/data-row="shenzhen" data-col="online" data-state="bad"/);
    expect(html).toMatch(/data-row="hangzhou" data-col="battery-low" data-state="bad"/);
  });

  it('greys every cell once the answers stop coming', () => {
    const html = body(data(results), true);
    expect(html).not.toMatch(/data-state="(ok|warn|bad)"/);
    expect(html).toContain('<span class="heatgrid__words">stale, last 62%</span>');
  });

  it('says what it needs when no series has the row label, and shows a failed query’s sentence', () => {
    expect(body(data([answer([]), answer([]), answer([]), answer([])]))).toContain('No series with a city label in this range.');
    const failed = body({ entries: [undefined, undefined, undefined, undefined], slowLoading: false, waiting: false, error: 'Prometheus at http://127.0.0.1:9 did not answer: check it runs.' });
    expect(failed).toContain('role="alert"><span>Prometheus at http://127.0.0.1:9 did not answer: check it runs.</span>');
  });

  it('draws nothing until every target has answered, then the whole grid', () => {
    expect(body({ entries: [undefined, undefined, undefined, undefined], slowLoading: false, waiting: true })).toBe('');
    const partial = data([results[0]!], { entries: [{ result: results[0]!, at: FETCHED_AT }, undefined, undefined, undefined], waiting: true });
    expect(body(partial)).toBe('');
    expect(body({ ...partial, slowLoading: true })).toContain('Loading…');
    expect(body(data(results))).toMatch(/data-row="shenzhen" data-col="online" data-state="bad"/);
  });

  it('is the registered component for kind "heatgrid"', () => {
    expect(panelFor('heatgrid')).toBe(HeatgridPanel);
  });
});
