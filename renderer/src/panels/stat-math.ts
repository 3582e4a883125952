import { type Series, valuesWithInfinities } from '../../../shared/model/series';

export { StatOptionsSchema, type StatColor, type StatOptions } from '../../../shared/dashboards/kinds/stat';
import type { StatColor, StatOptions } from '../../../shared/dashboards/kinds/stat';

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
