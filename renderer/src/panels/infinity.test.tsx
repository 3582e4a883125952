import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { type QueryResult, QueryResultSchema, valuesWithInfinities } from '../../../shared/model/series';
import { ChartTooltip } from './ChartTooltip';
import { drawable, toAligned } from './downsample';
import { formatValue } from './format';
import { SeriesLegend } from './SeriesLegend';

/** What a queryResult carries after the trip over JSON (the web host's WebSocket) and the renderer's schema check. */
function overTheWire(result: QueryResult): QueryResult {
  return QueryResultSchema.parse(JSON.parse(JSON.stringify(result)));
}

const T0 = 1_700_000_000_000;
const result = overTheWire({
  fetchedAt: T0,
  warnings: [],
  series: [
    { name: 'up', labels: { city: 'oslo' }, times: [T0, T0 + 60_000, T0 + 120_000], values: [1, null, null], posInf: [2] },
    { name: 'down', labels: { city: 'rome' }, times: [T0, T0 + 60_000, T0 + 120_000], values: [null, 2, null], negInf: [2] },
  ],
});

describe('±Inf and NaN on the way to the screen', () => {
  it('keeps the markers over JSON, where Infinity itself would have become null', () => {
    expect(valuesWithInfinities(result.series[0]!)).toEqual([1, null, Infinity]);
    expect(valuesWithInfinities(result.series[1]!)).toEqual([null, 2, -Infinity]);
  });

  it('names infinities "+Inf" and "−Inf" and a gap "–"', () => {
    expect(formatValue(Infinity, 'percent')).toBe('+Inf');
    expect(formatValue(-Infinity, 'seconds')).toBe('\u2212Inf');
    expect(formatValue(NaN, 'none')).toBe('–');
    expect(formatValue(null, 'none')).toBe('–');
  });

  it('keeps ±Inf in the aligned columns but draws no line there, and draws NaN as a gap', () => {
    const data = toAligned(result.series.map((s) => ({ times: s.times, values: valuesWithInfinities(s) })), 100);
    expect(data).toEqual({ xs: [T0, T0 + 60_000, T0 + 120_000], ys: [[1, null, Infinity], [null, 2, -Infinity]] });
    expect(drawable(data.ys[0]!)).toEqual([1, null, null]);
    expect(drawable(data.ys[1]!)).toEqual([null, 2, null]);
  });

  it('keeps a +Inf spike through downsampling, in the bucket\'s high point', () => {
    const times = Array.from({ length: 4000 }, (_, i) => i * 1000);
    const values = times.map((_, i) => (i === 1234 ? Infinity : i === 2345 ? -Infinity : 1));
    const data = toAligned([{ times, values }], 100);
    expect(data.xs).toHaveLength(200);
    expect(data.ys[0]!.filter((v) => v === Infinity)).toHaveLength(1);
    expect(data.ys[0]!.filter((v) => v === -Infinity)).toHaveLength(1);
    expect(data.ys[0]!.indexOf(Infinity) % 2).toBe(1);
    expect(data.ys[0]!.indexOf(-Infinity) % 2).toBe(0);
  });

  it('shows "+Inf" and "−Inf" in the tooltip where the lines draw nothing', () => {
    const data = toAligned(result.series.map((s) => ({ times: s.times, values: valuesWithInfinities(s) })), 100);
    const at = (i: number) => [{ name: 'oslo', color: '#000', value: data.ys[0]![i]! }, { name: 'rome', color: '#000', value: data.ys[1]![i]! }];
    const html = renderToStaticMarkup(<ChartTooltip time={data.xs[2]!} entries={at(2)} unit="none" />);
    expect(html).toContain('oslo: <span class="chart-tooltip__value">+Inf</span>');
    expect(html).toContain('rome: <span class="chart-tooltip__value">\u2212Inf</span>');
    const gap = renderToStaticMarkup(<ChartTooltip time={data.xs[1]!} entries={at(1)} unit="none" />);
    expect(gap).not.toContain('oslo');
    expect(gap).toContain('rome: <span class="chart-tooltip__value">2</span>');
  });

  it('shows the last value of an infinite series as "+Inf" in the panel\'s legend, as TimeseriesPanel feeds it', () => {
    const lines = result.series.map((s) => ({ name: s.labels.city!, color: '#000', values: valuesWithInfinities(s) }));
    const legend = (ls: typeof lines) => renderToStaticMarkup(<SeriesLegend lines={ls} unit="percent" shown={ls.map(() => true)} tabStop={0} onIsolate={() => {}} onToggle={() => {}} onFocusEntry={() => {}} />);
    const html = legend(lines);
    expect(html).toContain('oslo<span class="legend__value">+Inf</span>');
    expect(html).toContain('rome<span class="legend__value">\u2212Inf</span>');
    // A series whose last sample is a NaN gap shows its last real value.
    expect(legend([{ name: 'x', color: '#000', values: [0.5, NaN, null] }])).toContain('x<span class="legend__value">50%</span>');
  });
});
