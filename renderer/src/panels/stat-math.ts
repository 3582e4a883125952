import { z } from 'zod';
import { type Series, valuesWithInfinities } from '../../../shared/model/series';

/**
 * A stat panel's options (kind `stat`), read here rather than in shared/model/dashboard.ts's
 * table of kinds (owned by the dashboards model) with the same rule: each option falls back
 * on its own, so one typo blanks nothing.
 *
 * `thresholds` work like Grafana's: ascending steps, the value takes the colour of the
 * highest step it reaches; below the first step it is `base`. `ok`/`warn`/`bad` name the
 * theme's state colours, so the high-contrast theme recolours them too.
 */
const ColorSchema = z.enum(['ok', 'warn', 'bad', 'info', 'muted']);
export type StatColor = z.infer<typeof ColorSchema>;

export const StatOptionsSchema = z.object({
  unit: z.enum(['percent', 'seconds', 'none']).catch('none'),
  /** Which value stands for the series: the newest sample (default), or the mean over the range. */
  reduce: z.enum(['last', 'mean', 'max', 'min']).catch('last'),
  base: ColorSchema.catch('ok'),
  thresholds: z
    .array(z.object({ value: z.number(), color: ColorSchema }))
    .catch([])
    .transform((steps) => [...steps].sort((a, b) => a.value - b.value)),
});
export type StatOptions = z.infer<typeof StatOptionsSchema>;

/** The finite samples of a series, oldest first (±Inf are not numbers to average or draw). */
export function finiteSamples(series: Series): number[] {
  return valuesWithInfinities(series).filter((v): v is number => v !== null && Number.isFinite(v));
}

/** The one number the panel shows; undefined when the series has no finite sample. */
export function reduceSeries(samples: readonly number[], reduce: StatOptions['reduce']): number | undefined {
  if (samples.length === 0) return undefined;
  if (reduce === 'last') return samples.at(-1);
  if (reduce === 'max') return Math.max(...samples);
  if (reduce === 'min') return Math.min(...samples);
  return samples.reduce((sum, v) => sum + v, 0) / samples.length;
}

/** The colour of the highest step the value reaches; `base` below the first, `muted` with no value. */
export function thresholdColor(value: number | undefined, options: Pick<StatOptions, 'base' | 'thresholds'>): StatColor {
  if (value === undefined) return 'muted';
  let color = options.base;
  for (const step of options.thresholds) if (value >= step.value) color = step.color;
  return color;
}

/** An SVG polyline's points for a sparkline in a 100 × 30 box; empty below two samples. */
export function sparklinePoints(samples: readonly number[]): string {
  if (samples.length < 2) return '';
  const min = Math.min(...samples);
  const span = Math.max(...samples) - min || 1;
  const step = 100 / (samples.length - 1);
  return samples.map((v, i) => `${(i * step).toFixed(2)},${(30 - ((v - min) / span) * 28 - 1).toFixed(2)}`).join(' ');
}
