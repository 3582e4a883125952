import { z } from 'zod';
import { MAX_POINTS_PER_SERIES, pointsPerSeries } from './query-step';

/**
 * Where a series' samples are +Inf or −Inf: indexes into `values`, ascending.
 * JSON (the web host's WebSocket, an exported incident file) has no Infinity and turns
 * it into null, and the services check every answer against this schema before it
 * leaves, so infinities travel as these markers and survive every transport.
 */
const InfinityIndexesSchema = z.array(z.number().int().nonnegative());

/**
 * One time series in columnar form (Grafana-style frames): panels never see the wire
 * format of the source that produced it. Times are epoch milliseconds. Values are
 * finite numbers, or null where there is nothing to draw: a missing sample, a NaN, or
 * an infinity (listed in `posInf` / `negInf`, which are absent when there are none).
 * `sampleAt` and `valuesWithInfinities` give the samples with the infinities back.
 */
export const SeriesSchema = z
  .object({
    name: z.string(),
    labels: z.record(z.string(), z.string()),
    times: z.array(z.number()),
    values: z.array(z.number().nullable()),
    posInf: InfinityIndexesSchema.optional(),
    negInf: InfinityIndexesSchema.optional(),
  })
  .superRefine((series, ctx) => {
    if (series.times.length !== series.values.length) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `${series.values.length} values for ${series.times.length} times` });
      return;
    }
    for (const key of ['posInf', 'negInf'] as const) {
      const indexes = series[key] ?? [];
      for (let k = 0; k < indexes.length; k += 1) {
        const index = indexes[k]!;
        if (index >= series.values.length || series.values[index] !== null || (k > 0 && index <= indexes[k - 1]!)) {
          ctx.addIssue({ code: 'custom', path: [key, k], message: `an infinity marker must name a null value, in ascending order (got ${index})` });
          return;
        }
      }
    }
  });
export type Series = z.infer<typeof SeriesSchema>;

/**
 * One exemplar: a sample of the observation behind a series' value, with the trace it came
 * from. `seriesLabels` are the labels of the series it was attached to (e.g. a histogram
 * bucket), `time` epoch ms, `value` the observed value (e.g. seconds).
 */
export const ExemplarSchema = z.object({
  seriesLabels: z.record(z.string(), z.string()),
  time: z.number(),
  value: z.number(),
  traceId: z.string().optional(),
});
export type Exemplar = z.infer<typeof ExemplarSchema>;

export const QueryResultSchema = z.object({
  series: z.array(SeriesSchema),
  /** Epoch ms at which the source answered; the UI uses it to show staleness. */
  fetchedAt: z.number(),
  warnings: z.array(z.string()).default([]),
  /** Exemplars of the series the query reads (e.g. a slow request's trace id on a latency histogram), where the source keeps them. */
  exemplars: z.array(ExemplarSchema).optional(),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;

type SampleColumns = Pick<Series, 'values' | 'posInf' | 'negInf'>;

/** The sample at `index` as the source sent it: a number, ±Infinity, or null for a gap (missing or NaN). */
export function sampleAt(series: SampleColumns, index: number): number | null {
  const value = series.values[index];
  if (value !== null && value !== undefined) return value;
  if (series.posInf?.includes(index)) return Infinity;
  if (series.negInf?.includes(index)) return -Infinity;
  return null;
}

/** The values with ±Infinity put back where the markers say; the same array when there are none. */
export function valuesWithInfinities(series: SampleColumns): readonly (number | null)[] {
  if (!series.posInf?.length && !series.negInf?.length) return series.values;
  const values = series.values.slice();
  for (const index of series.posInf ?? []) values[index] = Infinity;
  for (const index of series.negInf ?? []) values[index] = -Infinity;
  return values;
}

/**
 * Builds a series from decoded columns (typed arrays from a decoder, or plain arrays):
 * NaN becomes a gap, ±Infinity a gap plus its marker, everything else is kept as is
 * (−0 included, though JSON sends it as 0).
 */
export function seriesFromColumns(
  name: string,
  labels: Record<string, string>,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): Series {
  const n = times.length;
  if (values.length !== n) throw new RangeError(`${values.length} values for ${n} times`);
  const outTimes = new Array<number>(n);
  for (let i = 0; i < n; i += 1) outTimes[i] = times[i]!;
  const series: Series = { name, labels, times: outTimes, values: finiteColumn(values) };
  const posInf: number[] = [];
  const negInf: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const value = values[i]!;
    if (value === Infinity) posInf.push(i);
    else if (value === -Infinity) negInf.push(i);
  }
  if (posInf.length > 0) series.posInf = posInf;
  if (negInf.length > 0) series.negInf = negInf;
  return series;
}

/**
 * The values with every non-finite one as null. A column with none is copied as plain
 * doubles; V8 then stores it unboxed (8 bytes a sample instead of a pointer and a boxed
 * number), which is most of a large answer's memory.
 */
function finiteColumn(values: ArrayLike<number>): (number | null)[] {
  const n = values.length;
  let allFinite = true;
  for (let i = 0; i < n && allFinite; i += 1) allFinite = Number.isFinite(values[i]);
  if (allFinite) {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i += 1) out[i] = values[i]!;
    return out;
  }
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i += 1) {
    const value = values[i]!;
    out[i] = Number.isFinite(value) ? value : null;
  }
  return out;
}

export const QueryRangeRequestSchema = z
  .object({
    /** Id of the metrics source; omitted means the session's default metrics source. */
    source: z.string().optional(),
    expr: z.string().min(1).max(4000),
    start: z.number(),
    end: z.number(),
    stepSeconds: z.number().positive().max(86_400),
  })
  .refine((r) => pointsPerSeries(r.start, r.end, r.stepSeconds) <= MAX_POINTS_PER_SERIES, {
    path: ['stepSeconds'],
    message: `asks for more than ${MAX_POINTS_PER_SERIES.toLocaleString('en-US')} points per series; choose a larger step or a shorter range`,
  });
export type QueryRangeRequest = z.infer<typeof QueryRangeRequestSchema>;

/** A query that the services re-run for one client until it is replaced. */
export const LiveQuerySchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().optional(),
  expr: z.string().min(1).max(4000),
  rangeSeconds: z.number().positive().max(31 * 86_400),
  stepSeconds: z.number().positive().max(86_400),
  refreshSeconds: z.number().min(1).max(3600),
});
export type LiveQuery = z.infer<typeof LiveQuerySchema>;
