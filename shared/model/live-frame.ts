import { z } from 'zod';
import { MAX_POINTS_PER_SERIES } from './query-step';
import { ExemplarSchema, type QueryResult, type Series, valuesWithInfinities } from './series';

/**
 * A live query's result as it travels from the services to a console: columnar, on the
 * step grid of its window (one shared time axis given by start, step and count), and
 * after the first frame only what changed. See services/live/live-queries.ts for when a
 * full frame is sent and renderer/src/store/panels-slice.ts for how a delta is applied.
 */

/** More series than any panel can draw legibly; a bound so a hostile frame cannot make the parser allocate without end. */
export const MAX_FRAME_SERIES = 100_000;

const IndexesSchema = z.array(z.number().int().nonnegative()).max(MAX_POINTS_PER_SERIES);
/** Values on the grid: null for a gap (no sample, NaN, or an infinity named in posInf/negInf, as in shared/model/series.ts). */
const ValuesSchema = z.array(z.number().nullable()).max(MAX_POINTS_PER_SERIES);

const ColumnSeriesSchema = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  values: ValuesSchema,
  posInf: IndexesSchema.optional(),
  negInf: IndexesSchema.optional(),
});
export type ColumnSeries = z.infer<typeof ColumnSeriesSchema>;

const FrameCommon = {
  /** This frame's number; a delta names the one it builds on in `base`. */
  seq: z.number().int().nonnegative(),
  /** Samples per series after this frame. */
  count: z.number().int().nonnegative().max(MAX_POINTS_PER_SERIES),
  fetchedAt: z.number(),
  warnings: z.array(z.string()).max(1000),
  exemplars: z.array(ExemplarSchema).max(MAX_POINTS_PER_SERIES).optional(),
};

export const FullFrameSchema = z
  .object({
    kind: z.literal('full'),
    ...FrameCommon,
    /** Epoch ms of the first sample; sample i is at start + i × stepMs. */
    start: z.number(),
    stepMs: z.number().positive(),
    series: z.array(ColumnSeriesSchema).max(MAX_FRAME_SERIES),
  })
  .refine((f) => f.series.every((s) => s.values.length === f.count), { path: ['series'], message: 'every series must have `count` values' });
export type FullFrame = z.infer<typeof FullFrameSchema>;

/** A series kept from the base frame: its samples before `from` are the base's (shifted by `drop`), from `from` on they are `values`. */
const KeptSeriesSchema = z.object({
  prev: z.number().int().nonnegative(),
  from: z.number().int().nonnegative(),
  values: ValuesSchema,
  /** Indexes into `values` (not the whole window). */
  posInf: IndexesSchema.optional(),
  negInf: IndexesSchema.optional(),
});

export const DeltaFrameSchema = z.object({
  kind: z.literal('delta'),
  ...FrameCommon,
  /** The frame this one applies to. */
  base: z.number().int().nonnegative(),
  /** Leading samples that slid out of the window. */
  drop: z.number().int().nonnegative(),
  /** The new frame's series in order: kept ones by index into the base frame's series, new ones whole. */
  series: z.array(z.union([KeptSeriesSchema, ColumnSeriesSchema])).max(MAX_FRAME_SERIES),
});
export type DeltaFrame = z.infer<typeof DeltaFrameSchema>;

export const LiveFrameSchema = z.union([FullFrameSchema, DeltaFrameSchema]);
export type LiveFrame = z.infer<typeof LiveFrameSchema>;

type Dense = readonly (number | null)[];

/** The identity of a series across refreshes: its name and labels. */
export function seriesKey(series: Pick<Series, 'name' | 'labels'>): string {
  const labels = Object.keys(series.labels)
    .sort()
    .map((k) => [k, series.labels[k]]);
  return JSON.stringify([series.name, labels]);
}

/**
 * The result on the grid start + i × stepMs (i < count), or undefined when a sample lies
 * off it (a source that does not answer on the step grid: it then travels whole).
 */
export function toFullFrame(result: QueryResult, start: number, stepMs: number, count: number, seq: number): FullFrame | undefined {
  const series: ColumnSeries[] = [];
  for (const s of result.series) {
    const dense = new Array<number | null>(count).fill(null);
    const withInf = valuesWithInfinities(s);
    for (let k = 0; k < s.times.length; k += 1) {
      const at = (s.times[k]! - start) / stepMs;
      const i = Math.round(at);
      if (Math.abs(at - i) > 1e-6 || i < 0 || i >= count) return undefined;
      dense[i] = withInf[k] ?? null;
    }
    series.push({ name: s.name, labels: s.labels, ...encodeColumn(dense) });
  }
  return { kind: 'full', seq, start, stepMs, count, series, fetchedAt: result.fetchedAt, warnings: result.warnings, ...(result.exemplars ? { exemplars: result.exemplars } : {}) };
}

/** What panels draw: every series on the one shared time axis. */
export function fromFullFrame(frame: FullFrame): QueryResult {
  const times = new Array<number>(frame.count);
  for (let i = 0; i < frame.count; i += 1) times[i] = frame.start + i * frame.stepMs;
  const series = frame.series.map((s) => ({ ...s, times }));
  return { series, fetchedAt: frame.fetchedAt, warnings: frame.warnings, ...(frame.exemplars ? { exemplars: frame.exemplars } : {}) };
}

/**
 * What to send after `prev` so that the receiver ends up with `next`: a delta when the
 * step is the same and the window only slid forward, else `next` itself. Samples in the
 * overlap are compared, so a source revising its latest points has them resent.
 */
export function diffFrames(prev: FullFrame | undefined, next: FullFrame): LiveFrame {
  if (!prev || prev.stepMs !== next.stepMs) return next;
  const slid = (next.start - prev.start) / prev.stepMs;
  if (!Number.isInteger(slid) || slid < 0 || slid > prev.count) return next;
  const overlap = Math.min(prev.count - slid, next.count);
  const prevIndex = new Map<string, number>();
  prev.series.forEach((s, i) => prevIndex.set(seriesKey(s), i));
  if (prevIndex.size !== prev.series.length) return next;
  const seen = new Set<string>();
  const series: DeltaFrame['series'] = [];
  for (const s of next.series) {
    const key = seriesKey(s);
    if (seen.has(key)) return next;
    seen.add(key);
    const j = prevIndex.get(key);
    if (j === undefined) {
      series.push(s);
      continue;
    }
    const before = valuesWithInfinities(prev.series[j]!);
    const after = valuesWithInfinities(s);
    let from = 0;
    while (from < overlap && before[from + slid] === after[from]) from += 1;
    series.push({ prev: j, from, ...encodeColumn(after.slice(from)) });
  }
  const { seq, count, fetchedAt, warnings, exemplars } = next;
  return { kind: 'delta', seq, base: prev.seq, drop: slid, count, fetchedAt, warnings, ...(exemplars ? { exemplars } : {}), series };
}

/**
 * `base` with `frame` applied, or undefined when the frame does not build on `base`
 * (another sequence number, or indexes that do not fit): the caller then asks for a
 * full frame instead of drawing a wrong chart.
 */
export function applyFrame(base: FullFrame | undefined, frame: LiveFrame): FullFrame | undefined {
  if (frame.kind === 'full') return frame;
  if (!base || base.seq !== frame.base || frame.drop > base.count) return undefined;
  const overlap = base.count - frame.drop;
  const series: ColumnSeries[] = [];
  for (const entry of frame.series) {
    if (!('prev' in entry)) {
      if (entry.values.length !== frame.count) return undefined;
      series.push(entry);
      continue;
    }
    const old = base.series[entry.prev];
    if (!old || entry.from > overlap || entry.from + entry.values.length !== frame.count) return undefined;
    const dense = valuesWithInfinities(old).slice(frame.drop, frame.drop + entry.from);
    const tail = valuesWithInfinities(entry);
    for (const value of tail) dense.push(value);
    series.push({ name: old.name, labels: old.labels, ...encodeColumn(dense) });
  }
  const { seq, count, fetchedAt, warnings, exemplars } = frame;
  return { kind: 'full', seq, start: base.start + frame.drop * base.stepMs, stepMs: base.stepMs, count, series, fetchedAt, warnings, ...(exemplars ? { exemplars } : {}) };
}

/** Samples (±Infinity included) as JSON-safe values plus infinity markers. */
function encodeColumn(dense: Dense): Pick<ColumnSeries, 'values' | 'posInf' | 'negInf'> {
  const values = new Array<number | null>(dense.length);
  const posInf: number[] = [];
  const negInf: number[] = [];
  for (let i = 0; i < dense.length; i += 1) {
    const value = dense[i] ?? null;
    if (value === Infinity) posInf.push(i);
    else if (value === -Infinity) negInf.push(i);
    values[i] = value !== null && Number.isFinite(value) ? value : null;
  }
  return { values, ...(posInf.length ? { posInf } : {}), ...(negInf.length ? { negInf } : {}) };
}

/**
 * Each of one query's live events with `result` as a console shows it after applying the
 * frames in order (undefined where a delta did not apply): for tests and figures that
 * read what the services sent.
 */
export function withResults<E extends { frame?: LiveFrame; result?: QueryResult }>(events: readonly E[]): E[] {
  let held: FullFrame | undefined;
  return events.map((event) => {
    if (!event.frame) return event;
    held = applyFrame(held, event.frame);
    return { ...event, result: held ? fromFullFrame(held) : undefined };
  });
}
