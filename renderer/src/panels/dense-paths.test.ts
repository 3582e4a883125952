import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type uPlot from 'uplot';
import { type DenseTracer, denseTracer } from './dense-paths';

/** A Path2D that records its calls (node has no canvas): what the canvas would be asked to stroke. */
class RecordingPath {
  static made: RecordingPath[] = [];
  calls: [string, number, number][] = [];
  constructor() {
    RecordingPath.made.push(this);
  }
  moveTo(x: number, y: number) {
    this.calls.push(['M', x, y]);
  }
  lineTo(x: number, y: number) {
    this.calls.push(['L', x, y]);
  }
}

const original = (globalThis as { Path2D?: unknown }).Path2D;
beforeEach(() => {
  RecordingPath.made = [];
  (globalThis as { Path2D?: unknown }).Path2D = RecordingPath;
});
afterEach(() => {
  (globalThis as { Path2D?: unknown }).Path2D = original;
});

/** The parts of a uPlot instance the builder reads: data, the plot box in canvas pixels, the scales' ranges. */
function plot(data: (number | null)[][], box = { left: 10, top: 20, width: 100, height: 50 }, x = { min: 0, max: 10 }, y = { min: 0, max: 5 }): uPlot {
  return { data, bbox: box, scales: { x, y } } as unknown as uPlot;
}

/** What one series traced into a fresh path asks the canvas to draw. */
function traced(tracer: DenseTracer, u: uPlot, s: number, i0: number, i1: number): [string, number, number][] {
  const path = new Path2D();
  tracer(u, s, i0, i1, path);
  return (path as unknown as RecordingPath).calls;
}

describe('denseTracer: straight segments for charts of many series', () => {
  it('maps samples to canvas pixels and joins them', () => {
    const build = denseTracer();
    const u = plot([[0, 5, 10], [0, 5, 2.5]]);
    expect(traced(build, u, 1, 0, 2)).toEqual([
      ['M', 10, 70],
      ['L', 60, 20],
      ['L', 110, 45],
    ]);
  });

  it('leaves a gap at a null sample: the line starts again after it', () => {
    const build = denseTracer();
    const u = plot([[0, 2, 4, 6, 8, 10], [1, 1, null, 2, 2, null]]);
    const calls = traced(build, u, 1, 0, 5);
    expect(calls.map((c) => c[0])).toEqual(['M', 'L', 'M', 'L']);
    expect(calls[2]![1]).toBe(10 + 60);
  });

  it('keeps a spike: every sample is a vertex, none folded away', () => {
    const build = denseTracer();
    const ys = Array.from({ length: 400 }, (_, i) => (i === 123 ? 5 : 1));
    const u = plot([Array.from({ length: 400 }, (_, i) => i / 40), ys]);
    const calls = traced(build, u, 1, 0, 399);
    expect(calls).toHaveLength(400);
    expect(Math.min(...calls.map((c) => c[2]))).toBe(20);
  });

  it('recomputes the x pixels when the x range changes, not only when the data does', () => {
    const build = denseTracer();
    const data = [[0, 10], [1, 1]];
    traced(build, plot(data), 1, 0, 1);
    const zoomed = traced(build, plot(data, undefined, { min: 0, max: 20 }), 1, 0, 1);
    expect(zoomed[1]![1]).toBe(10 + 50);
  });

  it('appends several series to one path: each starts with its own move', () => {
    const build = denseTracer();
    const u = plot([[0, 10], [1, 2], [3, 4]]);
    const path = new Path2D();
    build(u, 1, 0, 1, path);
    build(u, 2, 0, 1, path);
    expect((path as unknown as RecordingPath).calls.map((c) => c[0])).toEqual(['M', 'L', 'M', 'L']);
    expect(RecordingPath.made).toHaveLength(1);
  });
});
