import { describe, expect, it } from 'vitest';
import { clampWindow, clipToWindow, dragMinimap, FULL_WINDOW, minimapGrip, MIN_WINDOW, panWindow, windowFromRulerDrag, windowTicks, zoomWindow } from './zoom-window';

const close = (w: { from: number; to: number }) => ({ from: Number(w.from.toFixed(9)), to: Number(w.to.toFixed(9)) });

describe('the zoom window', () => {
  it('stays inside the trace, ordered, and never narrower than the minimum', () => {
    expect(clampWindow(0.8, 0.2)).toEqual({ from: 0.2, to: 0.8 });
    expect(close(clampWindow(-0.1, 0.3))).toEqual({ from: 0, to: 0.4 });
    expect(close(clampWindow(0.9, 1.2))).toEqual({ from: 0.7, to: 1 });
    expect(clampWindow(0.5, 0.5).to - clampWindow(0.5, 0.5).from).toBeCloseTo(MIN_WINDOW, 12);
    expect(clampWindow(Number.NaN, 2)).toEqual({ from: 0, to: 1 });
  });

  it('zooms around the anchor and back out to the whole trace', () => {
    expect(close(zoomWindow(FULL_WINDOW, 0.5))).toEqual({ from: 0.25, to: 0.75 });
    // Anchored at the left edge, the left edge stays put.
    expect(close(zoomWindow({ from: 0.2, to: 0.6 }, 0.5, 0))).toEqual({ from: 0.2, to: 0.4 });
    expect(close(zoomWindow({ from: 0.25, to: 0.75 }, 4))).toEqual({ from: 0, to: 1 });
  });

  it('pans without shrinking at either end', () => {
    expect(close(panWindow({ from: 0.1, to: 0.3 }, 0.2))).toEqual({ from: 0.3, to: 0.5 });
    expect(close(panWindow({ from: 0.7, to: 0.9 }, 0.5))).toEqual({ from: 0.8, to: 1 });
  });

  it('zooms into what a ruler drag covered, relative to the current window', () => {
    expect(close(windowFromRulerDrag({ from: 0.5, to: 1 }, 0.8, 0.2))).toEqual({ from: 0.6, to: 0.9 });
  });

  it('moves, resizes or redraws the minimap viewport by where the drag started', () => {
    const w = { from: 0.4, to: 0.6 };
    expect(minimapGrip(w, 0.401, 0.005)).toBe('left');
    expect(minimapGrip(w, 0.598, 0.005)).toBe('right');
    expect(minimapGrip(w, 0.5, 0.005)).toBe('move');
    expect(minimapGrip(w, 0.1, 0.005)).toBe('new');
    expect(minimapGrip(FULL_WINDOW, 0.5, 0.005)).toBe('new');
    expect(close(dragMinimap(w, 'move', 0.5, 0.3))).toEqual({ from: 0.2, to: 0.4 });
    expect(close(dragMinimap(w, 'left', 0.4, 0.1))).toEqual({ from: 0.1, to: 0.6 });
    expect(close(dragMinimap(w, 'right', 0.6, 0.9))).toEqual({ from: 0.4, to: 0.9 });
    // Dragging the left edge past the right one leaves the narrowest window, not an inverted one.
    const squeezed = dragMinimap(w, 'left', 0.4, 0.95);
    expect(squeezed.to - squeezed.from).toBeCloseTo(MIN_WINDOW, 12);
    expect(close(dragMinimap(w, 'new', 0.9, 0.7))).toEqual({ from: 0.7, to: 0.9 });
  });

  it('clips a span to the window and says which side it goes on', () => {
    // A 10 s trace zoomed to 4–6 s: a 3–5 s span starts before the window.
    expect(clipToWindow(3_000_000, 2_000_000, 10_000_000, { from: 0.4, to: 0.6 })).toEqual({ left: 0, width: 0.5, clippedLeft: true, clippedRight: false });
    expect(clipToWindow(5_000_000, 4_000_000, 10_000_000, { from: 0.4, to: 0.6 })).toEqual({ left: 0.5, width: 0.5, clippedLeft: false, clippedRight: true });
    expect(clipToWindow(7_000_000, 1, 10_000_000, { from: 0.4, to: 0.6 })).toBeNull();
    // 2.5 ms of a 10 s trace zoomed to 100 ms is 2.5 % of the lane, not 0.025 %.
    expect(clipToWindow(4_000_000, 2_500, 10_000_000, { from: 0.4, to: 0.41 })!.width).toBeCloseTo(0.025, 9);
  });

  it('ticks the window, not the whole trace', () => {
    expect(windowTicks({ from: 0.5, to: 1 }, 1000, 3)).toEqual([
      { at: 500, fraction: 0 },
      { at: 750, fraction: 0.5 },
      { at: 1000, fraction: 1 },
    ]);
  });
});
