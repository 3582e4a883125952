import { describe, expect, it } from 'vitest';
import { drawBuckets } from './TimeseriesChart';
import { alignColumns, downsample, drawable, toAligned } from './downsample';

describe('drawBuckets: how many time buckets each series is cut to before drawing', () => {
  it('gives one bucket per pixel column while the points stay within the budget', () => {
    expect(drawBuckets(1136, 1)).toBe(1136);
    expect(drawBuckets(1136, 80)).toBe(1136);
  });

  it('cuts each series to fewer buckets when hundreds of series would stroke more than the budget', () => {
    // 200,000 points over 500 series, two points (low, high) a bucket.
    expect(drawBuckets(1136, 500)).toBe(200);
    expect(drawBuckets(1136, 500) * 2 * 500).toBeLessThanOrEqual(200_000);
  });

  it('keeps at least 150 buckets however many series, and never more than the plot is wide', () => {
    expect(drawBuckets(1136, 5000)).toBe(150);
    expect(drawBuckets(100, 5000)).toBe(100);
  });

  it('keeps a spike through the cut: its bucket high point is the spike', () => {
    const times = Array.from({ length: 1440 }, (_, i) => i * 60_000);
    const values = times.map((_, i) => (i === 777 ? 9 : 1));
    const cut = toAligned([{ times, values }], drawBuckets(1136, 500));
    expect(cut.xs).toHaveLength(400);
    expect(Math.max(...cut.ys[0]!.map((v) => v ?? 0))).toBe(9);
  });

  it('cuts shared-timestamp series straight from their columns exactly as aligning first would, gaps and ±Inf included', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 15_000);
    const a = times.map((_, i) => (i % 97 === 0 ? null : i % 89 === 0 ? NaN : i === 500 ? Infinity : i === 501 ? -Infinity : Math.sin(i / 10)));
    const b = times.map((_, i) => (i >= 200 && i < 400 ? null : i % 7));
    const columns = [{ times, values: a }, { times, values: b }];
    const fast = toAligned(columns, 100);
    expect(fast).toEqual(downsample(alignColumns(columns), 100));
    expect(fast.ys[0]).toContain(Infinity);
    expect(fast.ys[0]).toContain(-Infinity);
    // Series b has no samples from 200 to 399 (a fifth of the range): those buckets stay gaps.
    expect(fast.ys[1]!.filter((v) => v === null).length).toBeGreaterThanOrEqual(38);
  });

  it('draws a column with nothing to take out as it is, and copies one with ±Inf into gaps, leaving the original for the tooltip', () => {
    const plain = [1, null, 2.5];
    expect(drawable(plain)).toBe(plain);
    const infinite = [1, Infinity, null, -Infinity];
    expect(drawable(infinite)).toEqual([1, null, null, null]);
    expect(infinite).toEqual([1, Infinity, null, -Infinity]);
  });
});

describe('toAligned: each series’ drawn range, gathered by the cut', () => {
  it('is the lowest and highest finite sample each cut series draws, ±Inf and gaps left out', () => {
    const times = Array.from({ length: 40 }, (_, i) => i * 1000);
    const walk = times.map((_, i) => (i === 7 ? 9 : i % 3));
    const withInf = times.map((_, i) => (i === 3 ? Infinity : i === 30 ? -Infinity : i === 31 ? -4 : 1));
    const empty = times.map(() => null);
    const data = toAligned(
      [
        { times, values: walk },
        { times, values: withInf },
        { times, values: empty },
      ],
      5,
    );
    expect(data.ys[0]).toHaveLength(10);
    expect([...data.extents!]).toEqual([0, 9, 1, 1, NaN, NaN]);
    // The same as reading every drawn point: what the y axis read before.
    const drawnRange = (column: (number | null)[]) => {
      const finite = drawable(column).filter((v): v is number => v !== null);
      return [Math.min(...finite), Math.max(...finite)];
    };
    expect(drawnRange(data.ys[0]!)).toEqual([0, 9]);
    expect(drawnRange(data.ys[1]!)).toEqual([1, 1]);
  });

  it('is absent when nothing was cut, so the axis reads the points themselves', () => {
    expect(toAligned([{ times: [0, 1000], values: [1, 2] }], 200).extents).toBeUndefined();
  });
});
