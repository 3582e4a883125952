import { describe, expect, it } from 'vitest';
import { FULL_WINDOW } from '../../../../shared/trace/zoom-window';
import { criticalStripes } from './WaterfallRow';

describe('criticalStripes', () => {
  it('draws stretches less than a pixel apart as one stripe', () => {
    // 10,000 stretches of 8 µs, 2 µs apart, over 100,000 µs on 1,000 px: one stripe.
    const segments = Array.from({ length: 10_000 }, (_, i) => ({ start: i * 10, end: i * 10 + 8 }));
    const stripes = criticalStripes(segments, 100_000, FULL_WINDOW, 1_000);
    expect(stripes).toHaveLength(1);
    expect(stripes[0]!.left).toBe(0);
    // The last stretch is narrower than a pixel: drawn 1 px wide from 999.9 px.
    expect(stripes[0]!.width).toBeCloseTo(1000.9, 6);
  });

  it('keeps stretches apart where a gap is wider than a pixel, and clips to the zoom window', () => {
    const segments = [
      { start: 0, end: 100 },
      { start: 500, end: 600 },
      { start: 900, end: 1_000 },
    ];
    expect(criticalStripes(segments, 1_000, FULL_WINDOW, 100)).toEqual([
      { left: 0, width: 10 },
      { left: 50, width: 10 },
      { left: 90, width: 10 },
    ]);
    // Zoomed to the middle fifth: only the second stretch shows, across half the lane.
    expect(criticalStripes(segments, 1_000, { from: 0.4, to: 0.6 }, 100)).toEqual([{ left: 50, width: 50 }]);
    expect(criticalStripes(undefined, 1_000, FULL_WINDOW, 100)).toEqual([]);
  });
});
