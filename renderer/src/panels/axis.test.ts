import { describe, expect, it } from 'vitest';
import { axisTicks, axisUnit, formatTick, niceStep, niceTicks } from './axis';

const labels = (lo: number, hi: number, count: number, unit: Parameters<typeof axisUnit>[0]) => {
  const u = axisUnit(unit, Math.max(Math.abs(lo), Math.abs(hi)));
  const t = niceTicks(lo, hi, count, u);
  return t.values.map((v) => formatTick(v, t.step, u));
};

describe('nice ticks', () => {
  it('rounds steps up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.3, 2.2, 3, 7, 0.013, 4200].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 0.02, 5000]);
  });

  it('puts an error-rate axis on round percentages, not 8.5 / 17 / 26 / 34 %', () => {
    expect(labels(0, 0.34, 5, 'percent')).toEqual(['0%', '10%', '20%', '30%', '40%']);
  });

  it('widens the range to whole steps around the data', () => {
    const t = niceTicks(0.013, 0.087, 5, axisUnit('percent', 0.087));
    expect([t.min, t.max, t.step]).toEqual([0, 0.1, 0.02]);
  });

  it('shows a latency axis in one unit: all ms below a second', () => {
    expect(labels(0, 0.42, 6, 'seconds')).toEqual(['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
  });

  it('shows a latency axis in one unit: all s once it reaches seconds, never "0 ms" under "4.00 s"', () => {
    expect(labels(0, 4.2, 6, 'seconds')).toEqual(['0 s', '1 s', '2 s', '3 s', '4 s', '5 s']);
  });

  it('gives 2.5-steps the decimal they need', () => {
    expect(labels(0, 1.2, 6, 'seconds')).toEqual(['0.00 s', '0.25 s', '0.50 s', '0.75 s', '1.00 s', '1.25 s']);
  });

  it('writes request rates as req/s, in k once they are large', () => {
    expect(labels(0, 37, 5, 'reqps')).toEqual(['0 req/s', '10 req/s', '20 req/s', '30 req/s', '40 req/s']);
    expect(labels(0, 42_000, 5, 'reqps')).toEqual(['0k req/s', '20k req/s', '40k req/s', '60k req/s']);
  });

  it('centres a flat line instead of drawing it on an edge', () => {
    const t = niceTicks(5, 5, 5, axisUnit('none', 5));
    expect(t.min).toBeLessThan(5);
    expect(t.max).toBeGreaterThan(5);
  });

  it('never prints float noise such as 0.30000000000000004', () => {
    const t = niceTicks(0, 0.7, 8, axisUnit('none', 0.7));
    expect(t.values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it('picks the unit from the rounded range: data just under 1 s on a 0–1 s axis reads in s', () => {
    expect(axisTicks(0, 0.95, 3, 'seconds').labels).toEqual(['0.0 s', '0.5 s', '1.0 s']);
    expect(axisTicks(0, 0.42, 6, 'seconds').labels).toEqual(['0 ms', '100 ms', '200 ms', '300 ms', '400 ms', '500 ms']);
  });
});
