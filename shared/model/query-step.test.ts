import { describe, expect, it } from 'vitest';
import { alignedWindow, chooseStepSeconds, MAX_POINTS_PER_SERIES, pointsPerSeries, withinPointLimit } from './query-step';
import { QueryRangeRequestSchema } from './series';

describe('chooseStepSeconds', () => {
  it('gives about one point per pixel, rounded up to a step people read', () => {
    // 1 h on 600 px: 6 s a pixel → 10 s, 361 points.
    expect(chooseStepSeconds({ rangeSeconds: 3600, widthPx: 600 })).toBe(10);
    // 6 h on 1,200 px: 18 s → 30 s.
    expect(chooseStepSeconds({ rangeSeconds: 6 * 3600, widthPx: 1200 })).toBe(30);
    // 7 d on 800 px: 756 s → 15 min.
    expect(chooseStepSeconds({ rangeSeconds: 7 * 86_400, widthPx: 800 })).toBe(900);
    // Two pixels a point halves the points.
    expect(chooseStepSeconds({ rangeSeconds: 3600, widthPx: 600, pixelsPerPoint: 2 })).toBe(15);
  });

  it('never goes finer than the scrape interval, kept as given', () => {
    expect(chooseStepSeconds({ rangeSeconds: 600, widthPx: 1000 })).toBe(5);
    expect(chooseStepSeconds({ rangeSeconds: 600, widthPx: 1000, minStepSeconds: 7 })).toBe(7);
    expect(chooseStepSeconds({ rangeSeconds: 600, widthPx: 1000, minStepSeconds: 1 })).toBe(1);
  });

  it('never asks for more than 11,000 points, however wide the plot', () => {
    const step = chooseStepSeconds({ rangeSeconds: 31 * 86_400, widthPx: 100_000, minStepSeconds: 1 });
    expect(step).toBe(300);
    expect(31 * 86_400 / step).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
  });

  it('copes with a plot that has no width yet', () => {
    expect(chooseStepSeconds({ rangeSeconds: 3600, widthPx: 0 })).toBe(3600);
    expect(chooseStepSeconds({ rangeSeconds: 3600, widthPx: Number.NaN })).toBe(3600);
  });
});

describe('alignedWindow', () => {
  it('puts both ends on multiples of the step, the end at or before now', () => {
    const now = Date.UTC(2024, 5, 3, 2, 10, 37, 412);
    const window = alignedWindow(now, 3600, 30);
    expect(window).toEqual({ start: Date.UTC(2024, 5, 3, 1, 10, 30), end: Date.UTC(2024, 5, 3, 2, 10, 30), stepSeconds: 30 });
    expect(window.start % 30_000).toBe(0);
    expect(window.end % 30_000).toBe(0);
  });

  it('gives two consoles a moment apart the same window, so they can share one query', () => {
    const a = alignedWindow(1_700_000_010_000, 600, 15);
    const b = alignedWindow(1_700_000_024_999, 600, 15);
    expect(b).toEqual(a);
    expect(a.end).toBe(1_700_000_010_000);
    expect(alignedWindow(1_700_000_025_000, 600, 15).end).toBe(a.end + 15_000);
  });

  it('stays within 11,000 points for every range and moment when the step respects the limit', () => {
    const worst: number[] = [];
    for (const rangeSeconds of [60, 3600, 86_400, 7 * 86_400, 31 * 86_400, 10_999, 11_000, 54_995]) {
      const step = withinPointLimit(rangeSeconds, 1);
      let most = 0;
      for (let k = 0; k < 500; k += 1) {
        const window = alignedWindow(1_700_000_000_000 + k * 997, rangeSeconds, step);
        most = Math.max(most, pointsPerSeries(window.start, window.end, step));
      }
      worst.push(most);
    }
    expect(Math.max(...worst)).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    // and the limit is used, not dodged: a 10,999 s range at 1 s gets its 11,000 points.
    expect(worst[5]).toBe(MAX_POINTS_PER_SERIES);
  });
});

describe('withinPointLimit', () => {
  it('keeps a step that is coarse enough and coarsens one that is not', () => {
    expect(withinPointLimit(3600, 15)).toBe(15);
    expect(withinPointLimit(31 * 86_400, 15)).toBe(300);
    expect(withinPointLimit(10_999, 1)).toBe(1);
    expect(withinPointLimit(11_000, 1)).toBe(2);
  });
});

describe('QueryRangeRequestSchema', () => {
  it('refuses a range query of more than 11,000 points per series, saying what to change', () => {
    const ok = QueryRangeRequestSchema.safeParse({ expr: 'up', start: 0, end: 10_999_000, stepSeconds: 1 });
    expect(ok.success).toBe(true);
    const tooMany = QueryRangeRequestSchema.safeParse({ expr: 'up', start: 0, end: 11_000_000, stepSeconds: 1 });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error?.issues[0]).toMatchObject({
      path: ['stepSeconds'],
      message: 'asks for more than 11,000 points per series; choose a larger step or a shorter range',
    });
  });
});
