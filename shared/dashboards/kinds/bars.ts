import { z } from 'zod';
import { UnitSchema } from './timeseries';

export const BARS_MAX = 20;

/*
 * A bars panel's options (kind `bars`): horizontal bars of a distribution or a mix.
 * `histogram` reads cumulative `le` buckets (a Prometheus histogram summed by le) and draws
 * one bar per bucket, labelled as its range in `unit`; `mix` sums the newest values by the
 * values of `label` (firmware) and draws each one's share, the largest `maxBars` and "other".
 */
export const BarsOptionsSchema = z.object({
  mode: z.enum(['histogram', 'mix']).catch('mix'),
  label: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .catch('le'),
  /** The unit of the bucket bounds (histogram), e.g. percent100 for battery levels. */
  unit: UnitSchema.catch('none'),
  maxBars: z
    .number()
    .catch(8)
    .transform((n) => Math.min(BARS_MAX, Math.max(1, Math.round(n)))),
  /** Histogram buckets whose upper bound is at most this are drawn in the bad colour (battery under 20 %). */
  badUpTo: z.number().optional().catch(undefined),
  /** What the counted things are called: "locks". */
  noun: z.string().max(40).catch(''),
});
export type BarsOptions = z.infer<typeof BarsOptionsSchema>;

export const barsKind = { kind: 'bars', label: 'Bars', optionsSchema: BarsOptionsSchema, takesMetricTargets: true } as const;
