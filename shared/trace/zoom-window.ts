/**
 * The part of a trace's time axis the waterfall shows, as fractions of the trace: 0 is its
 * first moment, 1 its last. Kept in fractions so one window fits any trace length, and so the
 * minimap (whole trace) and the rows (the window) share one set of maths.
 */
export interface ZoomWindow {
  from: number;
  to: number;
}

export const FULL_WINDOW: ZoomWindow = Object.freeze({ from: 0, to: 1 }) as ZoomWindow;

/** The narrowest window: 1/100,000 of a trace still spans whole pixels at 4K on a 10 s trace's 100 µs. */
export const MIN_WINDOW = 1e-5;

/** A window inside [0, 1], at least MIN_WINDOW wide, whatever order or overshoot it was given in. */
export function clampWindow(from: number, to: number): ZoomWindow {
  let a = Number.isFinite(from) ? from : 0;
  let b = Number.isFinite(to) ? to : 1;
  if (b < a) [a, b] = [b, a];
  const width = Math.min(1, Math.max(MIN_WINDOW, b - a));
  a = Math.min(Math.max(0, a), 1 - width);
  return { from: a, to: a + width };
}

export function isFullWindow(w: ZoomWindow): boolean {
  return w.from <= 0 && w.to >= 1;
}

/** Zooms by `factor` (< 1 narrows) keeping the moment at `anchor` (fraction of the window, 0.5 = centre) where it is. */
export function zoomWindow(w: ZoomWindow, factor: number, anchor = 0.5): ZoomWindow {
  const width = w.to - w.from;
  const at = w.from + width * anchor;
  const next = Math.min(1, Math.max(MIN_WINDOW, width * factor));
  return clampWindow(at - next * anchor, at - next * anchor + next);
}

/** Moves the window by `delta` (fraction of the trace), stopping at either end without shrinking. */
export function panWindow(w: ZoomWindow, delta: number): ZoomWindow {
  return clampWindow(w.from + delta, w.to + delta);
}

/** A drag over the time ruler from one x to another (fractions of the ruler) zooms into what it covered. */
export function windowFromRulerDrag(w: ZoomWindow, x0: number, x1: number): ZoomWindow {
  const width = w.to - w.from;
  return clampWindow(w.from + width * Math.min(x0, x1), w.from + width * Math.max(x0, x1));
}

/** What a drag on the minimap does: move the whole viewport, or move one of its edges. */
export type MinimapGrip = 'move' | 'left' | 'right' | 'new';

/**
 * The window after dragging `grip` on the minimap from `startX` to `x` (fractions of the
 * minimap = of the trace). `initial` is the window when the drag began; 'new' draws a fresh window.
 */
export function dragMinimap(initial: ZoomWindow, grip: MinimapGrip, startX: number, x: number): ZoomWindow {
  const delta = x - startX;
  switch (grip) {
    case 'move':
      return panWindow(initial, delta);
    case 'left':
      return clampWindow(Math.min(initial.from + delta, initial.to - MIN_WINDOW), initial.to);
    case 'right':
      return clampWindow(initial.from, Math.max(initial.to + delta, initial.from + MIN_WINDOW));
    case 'new':
      return clampWindow(Math.min(startX, x), Math.max(startX, x));
  }
}

/** Which grip a press at `x` on the minimap takes, `edge` being the grab tolerance in trace fractions. */
export function minimapGrip(w: ZoomWindow, x: number, edge: number): MinimapGrip {
  if (Math.abs(x - w.from) <= edge) return 'left';
  if (Math.abs(x - w.to) <= edge) return 'right';
  if (x > w.from && x < w.to && !isFullWindow(w)) return 'move';
  return 'new';
}

/** Where an interval of the trace (µs from its start) sits in the window, as fractions of the lane; null when wholly outside. */
export interface ClippedBar {
  left: number;
  width: number;
  /** The interval goes on before or after the window: the row shows an edge marker. */
  clippedLeft: boolean;
  clippedRight: boolean;
}

export function clipToWindow(offset: number, duration: number, total: number, w: ZoomWindow): ClippedBar | null {
  const span = total > 0 ? total : 1;
  const from = w.from * span;
  const to = w.to * span;
  const end = offset + Math.max(0, duration);
  if (end < from || offset > to) return null;
  const a = Math.max(offset, from);
  const b = Math.min(end, to);
  const width = to - from;
  return { left: (a - from) / width, width: (b - a) / width, clippedLeft: offset < from, clippedRight: end > to };
}

/** Tick positions for the ruler: `count` evenly spaced moments in the window, µs from the trace start. */
export function windowTicks(w: ZoomWindow, total: number, count = 5): { at: number; fraction: number }[] {
  const out: { at: number; fraction: number }[] = [];
  for (let i = 0; i < count; i += 1) {
    const fraction = count === 1 ? 0 : i / (count - 1);
    out.push({ at: (w.from + (w.to - w.from) * fraction) * total, fraction });
  }
  return out;
}
