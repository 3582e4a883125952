import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BarList, BarsPanel } from './BarsPanel';
import { BarsOptionsSchema, bucketLabel, histogramBars, mixBars, parseLe } from './bars-math';
import { panelFor } from './registry';
import { answer, series } from './testdata/fleet-results';

// The Lock fleet dashboard's two bars panels (services/dashboards/lock-fleet.ts).
const batteryOptions = BarsOptionsSchema.parse({ mode: 'histogram', label: 'le', unit: 'percent100', badUpTo: 20, noun: 'locks' });
const firmwareOptions = BarsOptionsSchema.parse({ mode: 'mix', label: 'firmware', maxBars: 8, noun: 'locks' });

/** `city_le:lock_battery_percent_bucket:sum` for two cities: cumulative counts per `le` (percent), +Inf included. */
const LE = ['10', '20', '30', '40', '50', '60', '70', '80', '90', '100', '+Inf'];
const bucketsOf = (city: string, cumulative: number[]) => LE.map((le, i) => series('city_le:lock_battery_percent_bucket:sum', { city, le }, [cumulative[i]! - 1, cumulative[i]!]));
const battery = answer([
  // Shuffled, as a source may list them.
  ...bucketsOf('shenzhen', [2, 5, 9, 20, 40, 60, 80, 95, 99, 100, 100]).reverse(),
  ...bucketsOf('hangzhou', [30, 52, 60, 70, 80, 90, 95, 98, 100, 100, 100]),
]);

describe('histogram bars', () => {
  it('turns cumulative le buckets, summed over cities, into a count per range, dropping the empty +Inf', () => {
    const { bars, total } = histogramBars(battery.series, batteryOptions);
    expect(bars.map((b) => [b.label, b.count, b.bad])).toEqual([
      ['0–10 %', 32, true],
      ['10–20 %', 25, true],
      ['20–30 %', 12, false],
      ['30–40 %', 21, false],
      ['40–50 %', 30, false],
      ['50–60 %', 30, false],
      ['60–70 %', 25, false],
      ['70–80 %', 18, false],
      ['80–90 %', 6, false],
      ['90–100 %', 1, false],
    ]);
    expect(total).toBe(200);
    expect(bars[0]!.share).toBeCloseTo(0.16, 10);
  });

  it('counts a bucket read lower than the one below it as 0, and keeps a +Inf bucket with locks in it', () => {
    const odd = [series('b', { le: '10' }, [5]), series('b', { le: '20' }, [4]), series('b', { le: '+Inf' }, [7])];
    expect(histogramBars(odd, { unit: 'none', badUpTo: undefined }).bars.map((b) => [b.label, b.count])).toEqual([
      ['0–10', 5],
      ['10–20', 0],
      ['over 20', 3],
    ]);
  });

  it('reads le bounds as Prometheus writes them and labels ranges in the unit once', () => {
    expect([parseLe('+Inf'), parseLe('0.25'), parseLe('1e3'), parseLe('abc'), parseLe(''), parseLe(undefined)]).toEqual([Infinity, 0.25, 1000, undefined, undefined, undefined]);
    expect(bucketLabel(0.5, 1, 'seconds')).toBe('500 ms–1.00 s');
    expect(bucketLabel(1, 2.5, 'seconds')).toBe('1.00–2.50 s');
    expect(bucketLabel(undefined, -1, 'none')).toBe('up to -1');
  });
});

describe('mix bars', () => {
  const firmware = (n: number) => answer(Array.from({ length: n }, (_, i) => series('city_firmware:lock_devices:sum', { city: i % 2 ? 'shenzhen' : 'hangzhou', firmware: `v${i}` }, [(i + 1) * 10])));

  it('sums shares by the label over cities, largest first, with percent and count', () => {
    const two = answer([
      series('f', { city: 'a', firmware: '2.4.1' }, [30]),
      series('f', { city: 'b', firmware: '2.4.1' }, [30]),
      series('f', { city: 'a', firmware: '2.3.9' }, [40]),
      series('f', { city: 'b' }, [0]),
    ]);
    const { bars, total } = mixBars(two.series, firmwareOptions);
    expect([bars.map((b) => [b.label, b.count, b.share]), total]).toEqual([[['2.4.1', 60, 0.6], ['2.3.9', 40, 0.4]], 100]);
  });

  it('shows the largest eight and one "other" bar for the rest', () => {
    const { bars, total } = mixBars(firmware(11).series, firmwareOptions);
    expect(bars.map((b) => b.label)).toEqual(['v10', 'v9', 'v8', 'v7', 'v6', 'v5', 'v4', 'v3', 'other (3)']);
    expect(bars.at(-1)).toMatchObject({ count: 10 + 20 + 30, other: true });
    expect(total).toBe(660);
    expect(mixBars(firmware(8).series, firmwareOptions).bars.some((b) => b.other)).toBe(false);
  });

  it('draws each bar with its share and count, hostile values as text', () => {
    const hostile = answer([series('f', { firmware: '<b onmouseover=x>1.0</b>' }, [3]), series('f', { firmware: '2.0' }, [1])]);
    const html = renderToStaticMarkup(<BarList bars={mixBars(hostile.series, firmwareOptions)} options={firmwareOptions} />);
    expect(html).not.toContain('<b ');
    expect(html).toContain('&lt;b onmouseover=x&gt;1.0&lt;/b&gt;');
    expect(html).toContain('<span class="bars__figure">75% · 3 locks</span>');
    expect(html).toContain('aria-label="4 locks in total"');
    expect(html).toMatch(/<span class="bars__fill" style="width:100%;background:hsl\(/);
    expect(html).toMatch(/<span class="bars__fill" style="width:33\.3+\d*%;background:hsl\(/);
  });

  it('draws low battery buckets in the danger colour and says so', () => {
    const html = renderToStaticMarkup(<BarList bars={histogramBars(battery.series, batteryOptions)} options={batteryOptions} />);
    expect(html).toMatch(/data-key="10" data-count="32"><span class="bars__label" title="0–10 %">0–10 %<\/span><span class="bars__track" aria-hidden="true"><span class="bars__fill" style="width:100%;background:var\(--danger\)"><\/span><\/span><span class="bars__figure">16% · 32 locks<span class="sr-only"> \(low\)<\/span>/);
  });

  it('is the registered component for kind "bars"', () => {
    expect(panelFor('bars')).toBe(BarsPanel);
  });
});
