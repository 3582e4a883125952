/**
 * One series' samples, columnar, epoch ms: null (or NaN) for a gap, ±Infinity kept
 * (`valuesWithInfinities` of the shared model puts them back).
 */
export interface Columns {
  times: readonly number[];
  values: readonly (number | null)[];
}

/** A chart row: `t` plus one value per series under keys s0, s1, …; ±Infinity where the series was infinite. */
export type ChartRow = { t: number } & Record<string, number | null>;

export const seriesKey = (index: number) => `s${index}`;

const drawable: ((row: ChartRow) => number | null)[] = [];

/**
 * What the line of series `index` draws at a row: finite values only. ±Inf has no place
 * on a value axis (Grafana leaves a gap too), so the line breaks there while the tooltip
 * and legend still say "+Inf"/"−Inf"; the axis, computed from these, stays finite. The
 * same function for the same index, so the chart does not see a new key every render.
 */
export function drawableKey(index: number): (row: ChartRow) => number | null {
  return (drawable[index] ??= (row) => {
    const value = row[seriesKey(index)];
    return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
  });
}

/**
 * Merges series onto one time axis and cuts them down to about `buckets` time buckets
 * (one per pixel column) before they reach the chart: drawing more points than pixels
 * only costs time. A bucket becomes two rows carrying each series' lowest then highest
 * sample, so spikes and dips survive the cut; a bucket where a series has no sample at
 * all stays null, so gaps still show.
 */
export function toChartRows(series: readonly Columns[], buckets: number): ChartRow[] {
  const lookups = series.map((s) => {
    const map = new Map<number, number | null>();
    const n = Math.min(s.times.length, s.values.length);
    for (let i = 0; i < n; i += 1) map.set(s.times[i]!, sampleOrNull(s.values[i]));
    return map;
  });
  const times = [...new Set(lookups.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const limit = Math.max(1, Math.floor(buckets));
  if (times.length <= limit * 2) {
    return times.map((t) => {
      const row: ChartRow = { t } as ChartRow;
      lookups.forEach((m, i) => (row[seriesKey(i)] = m.get(t) ?? null));
      return row;
    });
  }
  const first = times[0]!;
  const span = times[times.length - 1]! - first || 1;
  const mins: (number | null)[][] = series.map(() => new Array<number | null>(limit).fill(null));
  const maxs: (number | null)[][] = series.map(() => new Array<number | null>(limit).fill(null));
  lookups.forEach((m, s) => {
    for (const [t, v] of m) {
      if (v === null) continue;
      const b = Math.min(limit - 1, Math.floor(((t - first) / span) * limit));
      const lo = mins[s]![b];
      const hi = maxs[s]![b];
      if (lo === null || lo === undefined || v < lo) mins[s]![b] = v;
      if (hi === null || hi === undefined || v > hi) maxs[s]![b] = v;
    }
  });
  const rows: ChartRow[] = [];
  const width = span / limit;
  for (let b = 0; b < limit; b += 1) {
    const low = { t: first + b * width } as ChartRow;
    const high = { t: first + (b + 0.5) * width } as ChartRow;
    series.forEach((_, s) => {
      low[seriesKey(s)] = mins[s]![b] ?? null;
      high[seriesKey(s)] = maxs[s]![b] ?? null;
    });
    rows.push(low, high);
  }
  return rows;
}

/** A gap for a missing or NaN sample; numbers, ±Infinity included, as they are (a bucket's low row keeps its −Inf, its high row its +Inf). */
function sampleOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : value;
}
