import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { denseStroke, strokeBatches } from './dense-stroke';

describe('strokeBatches: one stroke per colour and width', () => {
  const strokes = [
    { color: 'red', width: 1 },
    { color: 'blue', width: 1 },
    { color: 'red', width: 1 },
    { color: 'red', width: 3 },
    { color: 'blue', width: 1 },
  ];

  it('groups lines sharing colour and width, groups in the order of their first line', () => {
    expect(strokeBatches(strokes, () => true)).toEqual([
      { color: 'red', width: 1, lines: [0, 2] },
      { color: 'blue', width: 1, lines: [1, 4] },
      { color: 'red', width: 3, lines: [3] },
    ]);
  });

  it('leaves hidden lines out, and a colour with no shown line makes no batch', () => {
    const shown = [false, true, false, true, false];
    expect(strokeBatches(strokes, (i) => shown[i]!)).toEqual([
      { color: 'blue', width: 1, lines: [1] },
      { color: 'red', width: 3, lines: [3] },
    ]);
    expect(strokeBatches(strokes, () => false)).toEqual([]);
  });
});

/** A Path2D that records its calls (node has no canvas). */
class RecordingPath {
  calls: string[] = [];
  moveTo(x: number, y: number) {
    this.calls.push(`M${x},${y}`);
  }
  lineTo(x: number, y: number) {
    this.calls.push(`L${x},${y}`);
  }
}

const original = (globalThis as { Path2D?: unknown }).Path2D;
beforeEach(() => {
  (globalThis as { Path2D?: unknown }).Path2D = RecordingPath;
});
afterEach(() => {
  (globalThis as { Path2D?: unknown }).Path2D = original;
});

/** A canvas context that records what is stroked, with which style, under which clip. */
function recordingContext() {
  const log: string[] = [];
  const state = { strokeStyle: '', lineWidth: 0 };
  const ctx = {
    log,
    set strokeStyle(v: string) {
      state.strokeStyle = v;
    },
    set lineWidth(v: number) {
      state.lineWidth = v;
    },
    lineJoin: '',
    lineCap: '',
    globalAlpha: 1,
    save: () => log.push('save'),
    restore: () => log.push('restore'),
    setLineDash: () => undefined,
    beginPath: () => undefined,
    rect: (x: number, y: number, w: number, h: number) => log.push(`rect ${x} ${y} ${w} ${h}`),
    clip: () => log.push('clip'),
    translate: (x: number, y: number) => log.push(`translate ${x} ${y}`),
    stroke: (path: RecordingPath) => log.push(`stroke ${state.strokeStyle} ${state.lineWidth} ${path.calls.join(' ')}`),
  };
  return ctx;
}

function plot(shown: boolean[], data: (number | null)[][]) {
  const ctx = recordingContext();
  const u = {
    ctx,
    data,
    bbox: { left: 0, top: 0, width: 10, height: 10 },
    scales: { x: { min: 0, max: 10 }, y: { min: 0, max: 10 } },
    series: [{ show: true }, ...shown.map((show) => ({ show }))],
  } as unknown as uPlot;
  return { u, log: ctx.log };
}

describe('denseStroke: the draw hook', () => {
  const strokes = [
    { color: 'red', width: 1 },
    { color: 'blue', width: 1 },
    { color: 'red', width: 1 },
  ];
  const data = [
    [0, 10],
    [0, 10],
    [5, 5],
    [10, null],
  ];

  it('strokes each colour once with all its shown lines, clipped to the plot box, at the device pixel ratio', () => {
    const { u, log } = plot([true, true, true], data);
    denseStroke(strokes, () => 2)(u);
    expect(log.filter((l) => l.startsWith('stroke'))).toEqual(['stroke red 2 M0,10 L10,0 M0,0', 'stroke blue 2 M0,5 L10,5']);
    // A 2 px line needs no half-pixel shift; the clip is the box grown by half a line.
    expect(log).toContain('rect -1 -1 12 12');
    expect(log).toContain('translate 0 0');
  });

  it('shifts an odd-width line half a pixel before clipping, so the clip edge falls on whole pixels', () => {
    const { u, log } = plot([true, false, false], data);
    denseStroke(strokes, () => 1)(u);
    // Canvas state applies in call order: the rect is clipped in shifted space, at -0.5 + 0.5 = 0.
    expect(log).toEqual(['save', 'save', 'translate 0.5 0.5', 'rect -0.5 -0.5 11 11', 'clip', 'stroke red 1 M0,10 L10,0', 'restore', 'restore']);
  });

  it('skips a series uPlot has hidden, and draws nothing when all are hidden', () => {
    const { u, log } = plot([false, true, true], data);
    denseStroke(strokes, () => 1)(u);
    expect(log.filter((l) => l.startsWith('stroke'))).toEqual(['stroke blue 1 M0,5 L10,5', 'stroke red 1 M0,0']);
    expect(log).toContain('translate 0.5 0.5');
    const none = plot([false, false, false], data);
    denseStroke(strokes, () => 1)(none.u);
    expect(none.log).toEqual([]);
  });
});
