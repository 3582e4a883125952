/**
 * One series' samples, columnar, epoch ms: null (or NaN) for a gap, ±Infinity kept
 * (`valuesWithInfinities` of the shared model puts them back).
 */
export interface Columns {
  times: readonly number[];
  values: readonly (number | null)[];
}

/**
 * Series on one shared time axis, as the canvas chart (uPlot) takes them: `xs` ascending
 * epoch ms, `ys[s][i]` series s at xs[i] — null for a gap, ±Infinity kept for the tooltip
 * and legend to name (`drawable` takes them out before drawing).
 */
export interface Aligned {
  xs: number[];
  ys: (number | null)[][];
  /**
   * When the cut made `ys`: each series' lowest and highest finite sample (what `drawable`
   * keeps) at [2s] and [2s + 1], NaN for a series with none. Gathered during the cut, so the
   * y axis need not read every drawn point again.
   */
  extents?: Float64Array;
}

/** A gap for a missing or NaN sample; numbers, ±Infinity included, as they are. */
function sampleOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : value;
}

/**
 * A column with its gaps as null, by a plain loop: at 500 series × 1,440 points a mapping
 * callback per sample (Array.from) cost tens of ms (scripts/bench/timeseries.ts).
 */
function gapsAsNull(values: readonly (number | null)[]): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = sampleOrNull(values[i]);
  return out;
}

function sameTimes(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Puts series on one time axis. Series of one range query share their timestamps (one per
 * step), the common case, which costs one pass; otherwise the union of all timestamps.
 */
export function alignColumns(series: readonly Columns[]): Aligned {
  const first = series[0];
  if (!first) return { xs: [], ys: [] };
  if (series.every((s) => s.times.length === s.values.length && sameTimes(s.times, first.times))) {
    return { xs: [...first.times], ys: series.map((s) => gapsAsNull(s.values)) };
  }
  const union = new Set<number>();
  for (const s of series) for (const t of s.times) union.add(t);
  const xs = [...union].sort((a, b) => a - b);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = series.map((s) => {
    const column = new Array<number | null>(xs.length).fill(null);
    const n = Math.min(s.times.length, s.values.length);
    for (let i = 0; i < n; i += 1) column[index.get(s.times[i]!)!] = sampleOrNull(s.values[i]);
    return column;
  });
  return { xs, ys };
}

/**
 * Cuts aligned series down to about `buckets` time buckets (one per pixel column): drawing
 * more points than pixels only costs time. A bucket becomes two points carrying each
 * series' lowest then highest sample, so spikes and dips survive the cut (a −Inf in the
 * low point, a +Inf in the high one); a bucket where a series has no sample stays null,
 * so gaps still show.
 */
export function downsample(aligned: Aligned, buckets: number): Aligned {
  const { xs, ys } = aligned;
  const limit = Math.max(1, Math.floor(buckets));
  if (xs.length <= limit * 2) return aligned;
  return cut(xs, ys, limit);
}

/** The cut of `downsample`, reading columns as given (null, undefined or NaN a gap), so a caller can skip copying them first. */
function cut(xs: readonly number[], ys: readonly (readonly (number | null)[])[], limit: number): Aligned {
  const first = xs[0]!;
  const span = xs[xs.length - 1]! - first || 1;
  const width = span / limit;
  const outXs = new Array<number>(limit * 2);
  for (let b = 0; b < limit; b += 1) {
    outXs[2 * b] = first + b * width;
    outXs[2 * b + 1] = first + (b + 0.5) * width;
  }
  // The bucket of every sample, computed once for all series.
  const bucketOf = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i += 1) bucketOf[i] = Math.min(limit - 1, Math.floor(((xs[i]! - first) / span) * limit));
  // Lows and highs in one typed array, NaN for "no sample yet": at 500 series a boxed,
  // null-checked array per bucket cost several times more (scripts/bench/timeseries.ts).
  const acc = new Float64Array(limit * 2);
  const extents = new Float64Array(ys.length * 2);
  const outYs = ys.map((column, s) => {
    acc.fill(NaN);
    const n = Math.min(column.length, xs.length);
    for (let i = 0; i < n; i += 1) {
      const v = column[i];
      if (v === null || v === undefined || v !== v) continue;
      const lo = 2 * bucketOf[i]!;
      const low = acc[lo]!;
      if (!(v >= low)) acc[lo] = v;
      const high = acc[lo + 1]!;
      if (!(v <= high)) acc[lo + 1] = v;
    }
    const out = new Array<number | null>(limit * 2);
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < out.length; j += 1) {
      const v = acc[j]!;
      if (v !== v) out[j] = null;
      else {
        out[j] = v;
        // ±Inf is kept in the column for the tooltip but never drawn (drawable), so it never widens the axis.
        if (v < lo && v !== -Infinity) lo = v;
        if (v > hi && v !== Infinity) hi = v;
      }
    }
    extents[2 * s] = lo === Infinity ? NaN : lo;
    extents[2 * s + 1] = hi === -Infinity ? NaN : hi;
    return out;
  });
  return { xs: outXs, ys: outYs, extents };
}

/** Align, then cut to `buckets` pixel columns. */
export function toAligned(series: readonly Columns[], buckets: number): Aligned {
  const first = series[0];
  const limit = Math.max(1, Math.floor(buckets));
  // Shared timestamps and more of them than the cut keeps: cut straight from the columns, no aligned copy in between.
  if (first && first.times.length > limit * 2 && series.every((s) => s.times.length === s.values.length && sameTimes(s.times, first.times))) {
    return cut(first.times, series.map((s) => s.values), limit);
  }
  return downsample(alignColumns(series), buckets);
}

/**
 * What a line draws: finite values only. ±Inf has no place on a value axis (Grafana leaves
 * a gap too), so the line breaks there while the tooltip and legend still say "+Inf"/"−Inf".
 */
export function drawable(column: readonly (number | null)[]): (number | null)[] {
  // Most columns have nothing to take out: the column itself is drawn, no copy (500 of them per answer).
  let clean = true;
  for (let i = 0; i < column.length && clean; i += 1) {
    const v = column[i];
    clean = v === null || Number.isFinite(v);
  }
  // Never written to: uPlot only reads its data, and stacking copies (stackColumns).
  if (clean) return column as (number | null)[];
  const out = new Array<number | null>(column.length);
  for (let i = 0; i < column.length; i += 1) {
    const v = column[i];
    out[i] = v !== null && v !== undefined && Number.isFinite(v) ? v : null;
  }
  return out;
}

/**
 * Stacked drawing: each shown series drawn on top of the ones before it. A gap adds
 * nothing to the stack and stays a gap in its own line; hidden series add nothing.
 */
export function stackColumns(columns: readonly (number | null)[][], shown: readonly boolean[]): (number | null)[][] {
  const length = columns[0]?.length ?? 0;
  const base = new Float64Array(length);
  return columns.map((column, s) => {
    if (!shown[s]) return column;
    const out = new Array<number | null>(length);
    for (let i = 0; i < length; i += 1) {
      const v = column[i];
      if (v === null || v === undefined) out[i] = null;
      else out[i] = base[i] = base[i]! + v;
    }
    return out;
  });
}
