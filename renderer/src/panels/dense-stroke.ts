import type uPlot from 'uplot';
import { denseTracer } from './dense-paths';

/** How one line is stroked: CSS colour and width in CSS pixels. */
export interface LineStroke {
  color: string;
  width: number;
}

/** Lines stroked together: one path, one colour, one width; `lines` index the chart's lines, in order. */
export interface StrokeBatch extends LineStroke {
  lines: number[];
}

/**
 * The shown lines grouped by colour and width, in the order each group's first line comes:
 * one stroke per group instead of one per line. Hidden lines (legend toggle or isolate) are
 * in no group, so they are not drawn.
 */
export function strokeBatches(strokes: readonly LineStroke[], shown: (line: number) => boolean): StrokeBatch[] {
  const batches: StrokeBatch[] = [];
  const byKey = new Map<string, StrokeBatch>();
  for (let i = 0; i < strokes.length; i += 1) {
    if (!shown(i)) continue;
    const { color, width } = strokes[i]!;
    const key = `${color}\u0000${width}`;
    let batch = byKey.get(key);
    if (!batch) {
      batch = { color, width, lines: [] };
      byKey.set(key, batch);
      batches.push(batch);
    }
    batch.lines.push(i);
  }
  return batches;
}

/** uPlot's series path builder for lines this module strokes: uPlot then sets no style, clip or stroke for them. */
export const noPath: uPlot.Series.PathBuilder = () => null;

/**
 * A uPlot `draw` hook that strokes the lines of a chart of many series, series i of the
 * plot being line i − 1. uPlot strokes each series on its own (style, clip, stroke): at 500
 * series that per-series canvas work was a large part of the draw (scripts/bench/timeseries.ts),
 * while a chart's palette has a few dozen colours at most. Here every shown line is traced
 * into the path of its colour and each path is stroked once, clipped to the plot box as
 * uPlot clips a series. Lines of one colour are drawn together, so a line may now sit under
 * a later line of another colour it used to cover: with hundreds of 1 px lines this reads
 * the same. Registered before the hook that draws thresholds and markers, which stay on top.
 */
export function denseStroke(strokes: readonly LineStroke[], pxRatio: () => number): (u: uPlot) => void {
  const trace = denseTracer();
  return (u) => {
    // uPlot's own flags: what its series draw would show, set by setSeries from the legend.
    const batches = strokeBatches(strokes, (i) => u.series[i + 1]?.show !== false);
    const last = (u.data[0]?.length ?? 0) - 1;
    if (batches.length === 0 || last < 0) return;
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    const ratio = pxRatio();
    ctx.save();
    ctx.setLineDash([]);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'butt';
    ctx.globalAlpha = 1;
    for (const batch of batches) {
      // As uPlot: widths in device pixels, and an odd width moved half a pixel so a 1 px line stays crisp.
      const lineWidth = Math.round(batch.width * ratio * 1000) / 1000;
      const offset = (lineWidth % 2) / 2;
      const path = new Path2D();
      for (const line of batch.lines) trace(u, line + 1, 0, last, path);
      ctx.save();
      ctx.translate(offset, offset);
      // The plot box grown by half a line, as uPlot clips a series: a line along an edge keeps its full width.
      // Clipped after the shift, as uPlot does, so the clip falls on whole pixels: a clip edge
      // between pixels is antialiased, and that masked every stroked pixel, doubling the
      // canvas's raster time at 500 series (scripts/bench/timeseries.ts).
      ctx.beginPath();
      ctx.rect(left - lineWidth / 2, top - lineWidth / 2, width + lineWidth, height + lineWidth);
      ctx.clip();
      ctx.strokeStyle = batch.color;
      ctx.lineWidth = lineWidth;
      ctx.stroke(path);
      ctx.restore();
    }
    ctx.restore();
  };
}
