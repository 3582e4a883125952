import { describe, expect, it } from 'vitest';
import { toAligned } from './downsample';
import { formatAge, formatMicros, formatValue } from './format';
import { formatLegend } from './legend';
import { liveQueriesFor, panelStepSeconds, plotWidthPx } from './live-queries';
import { freshness } from './staleness';

describe('toAligned', () => {
  it('merges series on one axis without cutting small inputs', () => {
    const data = toAligned(
      [
        { times: [0, 1000, 2000], values: [1, null, 3] },
        { times: [0, 1000, 2000], values: [5, 6, 7] },
      ],
      100,
    );
    expect(data).toEqual({ xs: [0, 1000, 2000], ys: [[1, null, 3], [5, 6, 7]] });
  });

  it('merges series with different timestamps onto their union, a gap where one has no sample', () => {
    const data = toAligned(
      [
        { times: [0, 2000], values: [1, NaN] },
        { times: [1000, 2000], values: [6, 7] },
      ],
      100,
    );
    expect(data).toEqual({ xs: [0, 1000, 2000], ys: [[1, null, null], [null, 6, 7]] });
  });

  it('cuts long series to two points per bucket and keeps spikes', () => {
    const n = 10_000;
    const times = Array.from({ length: n }, (_, i) => i * 1000);
    const values = times.map((_, i) => (i === 4321 ? 99 : i === 7000 ? -5 : 1));
    const data = toAligned([{ times, values }], 200);
    expect(data.xs.length).toBe(400);
    const all = data.ys[0]! as number[];
    expect(Math.max(...all)).toBe(99);
    expect(Math.min(...all)).toBe(-5);
    expect(data.xs.every((t, i) => i === 0 || t > data.xs[i - 1]!)).toBe(true);
  });

  it('keeps a long gap visible after cutting', () => {
    const n = 4000;
    const times = Array.from({ length: n }, (_, i) => i * 1000);
    const values = times.map((_, i) => (i >= 1000 && i < 2000 ? null : 2));
    const data = toAligned([{ times, values }], 100);
    expect(data.ys[0]!.filter((v) => v === null).length).toBeGreaterThan(40);
    expect(data.ys[0]!.filter((v) => v === 2).length).toBeGreaterThan(100);
  });
});

describe('formatLegend', () => {
  it('fills {{label}} templates', () => {
    expect(formatLegend('{{city}} / {{ channel }}', { city: 'Berlin', channel: 'gprs' }, 'x')).toBe('Berlin / gprs');
    expect(formatLegend('{{missing}}!', {}, 'x')).toBe('!');
  });
  it('lists labels when there is no template', () => {
    expect(formatLegend(undefined, { city: 'Oslo', __name__: 'm' }, 'm')).toBe('m{city="Oslo"}');
    expect(formatLegend('', {}, '')).toBe('series');
  });
});

describe('formatValue', () => {
  it('formats units for people', () => {
    expect(formatValue(0.953, 'percent')).toBe('95%');
    expect(formatValue(0.0123, 'percent')).toBe('1.2%');
    expect(formatValue(0.35, 'seconds')).toBe('350 ms');
    expect(formatValue(2.5, 'seconds')).toBe('2.50 s');
    expect(formatValue(12345, 'none')).toBe('12.3k');
    expect(formatValue(null, 'percent')).toBe('–');
  });
  it('formats ages and microseconds', () => {
    expect(formatAge(8_000)).toBe('8 s');
    expect(formatAge(3 * 60_000 + 5_000)).toBe('3 min');
    expect(formatAge(125 * 60_000)).toBe('2 h 5 min');
    expect(formatMicros(850)).toBe('850 µs');
    expect(formatMicros(12_345)).toBe('12.3 ms');
  });
});

describe('freshness', () => {
  it('calls data stale after two refresh periods', () => {
    expect(freshness(1000, 1000 + 10_000, 5).stale).toBe(false);
    expect(freshness(1000, 1000 + 10_001, 5)).toEqual({ stale: true, ageMs: 10_001 });
  });
});

describe('liveQueriesFor', () => {
  it('makes one query per metric target with ids panel/refId', () => {
    const dashboard = {
      id: 'd',
      title: 'd',
      rangeSeconds: 1800,
      refreshSeconds: 5,
      panels: [
        { id: 'p1', kind: 'timeseries', title: '', grid: { x: 0, y: 0, w: 1, h: 1 }, targets: [{ refId: 'A', expr: 'a' }, { refId: 'B', expr: 'b', source: 'vm' }], options: {} },
        { id: 'logs', kind: 'logs', title: '', grid: { x: 0, y: 0, w: 1, h: 1 }, targets: [], options: {} },
      ],
    };
    // A 1-column panel on a 1,280 px dashboard plots 50 px: 1 h / 50 px = 72 s → 2 min.
    const queries = liveQueriesFor(dashboard, 3600);
    expect(queries).toEqual([
      { id: 'p1/A', expr: 'a', rangeSeconds: 3600, stepSeconds: 120, refreshSeconds: 5 },
      { id: 'p1/B', source: 'vm', expr: 'b', rangeSeconds: 3600, stepSeconds: 120, refreshSeconds: 5 },
    ]);
  });

  it('picks each panel\'s step from its plot width: about a point per pixel, not under the scrape interval', () => {
    const panel = (w: number) => ({ id: 'p', kind: 'timeseries', title: '', grid: { x: 0, y: 0, w, h: 8 }, targets: [], options: {} });
    expect(plotWidthPx(panel(12), 1280)).toBe(580);
    expect(plotWidthPx(panel(24), 1920)).toBe(1860);
    // 1 h over 580 px: 6.2 s a pixel → 10 s; over 1,860 px → the 5 s scrape interval.
    expect(panelStepSeconds(panel(12), 3600, 1280)).toBe(10);
    expect(panelStepSeconds(panel(24), 3600, 1920)).toBe(5);
    // 7 d on half a wall screen: 7 × 86,400 / 1,860 = 325 s → 10 min.
    expect(panelStepSeconds(panel(12), 7 * 86_400, 3840)).toBe(600);
  });
});
