import type uPlot from 'uplot';

/**
 * Appends one series of a uPlot chart to `path` as straight segments: moves to the first
 * sample after a gap and draws a segment to each next sample, so null gaps stay gaps
 * without a clip. Samples `idx0`..`idx1` of series `seriesIdx`, in canvas pixels.
 */
export type DenseTracer = (u: uPlot, seriesIdx: number, idx0: number, idx1: number, path: Path2D) => void;

/**
 * A tracer for charts of many series. uPlot's own `linear` builder folds every pixel column
 * to its min/max and builds a gap clip per series; the data here is already cut to about two
 * points per pixel column (downsample.ts), so that work was pure overhead: at 500 series it
 * was the largest part of drawing (scripts/bench/timeseries.ts). Several series can be traced
 * into one path, so series sharing a colour are stroked at once (dense-stroke.ts).
 *
 * The x pixel of every sample is the same for all series of one draw, so it is computed
 * once per draw and kept in one reused Float64Array.
 */
export function denseTracer(): DenseTracer {
  let xsFor: unknown = null;
  let xKey = '';
  let xPx = new Float64Array(0);
  return (u, seriesIdx, idx0, idx1, path) => {
    const xs = u.data[0] as ArrayLike<number>;
    const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
    const { left, top, width, height } = u.bbox;
    const xScale = u.scales.x!;
    const yScale = u.scales.y!;
    const xMin = xScale.min ?? 0;
    const xMax = xScale.max ?? 1;
    const yMin = yScale.min ?? 0;
    const yMax = yScale.max ?? 1;
    const key = `${xMin}|${xMax}|${left}|${width}`;
    if (xsFor !== xs || xKey !== key) {
      if (xPx.length < xs.length) xPx = new Float64Array(xs.length);
      const kx = width / (xMax - xMin || 1);
      for (let i = 0; i < xs.length; i += 1) xPx[i] = left + (xs[i]! - xMin) * kx;
      xsFor = xs;
      xKey = key;
    }
    const ky = height / (yMax - yMin || 1);
    const bottom = top + height;
    const last = Math.min(idx1, xs.length - 1);
    let inRun = false;
    for (let i = Math.max(0, idx0); i <= last; i += 1) {
      const v = ys[i];
      if (v === null || v === undefined) {
        inRun = false;
        continue;
      }
      const y = bottom - (v - yMin) * ky;
      if (inRun) path.lineTo(xPx[i]!, y);
      else {
        path.moveTo(xPx[i]!, y);
        inRun = true;
      }
    }
  };
}
