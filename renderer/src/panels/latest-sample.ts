import type { Series } from '../../../shared/model/series';

export interface LatestSample {
  value: number;
  /** Epoch ms of the sample. */
  time: number;
}

/** The newest finite sample of a series (a gap or ±Inf at the end is skipped); undefined when it has none. */
export function latestSample(series: Pick<Series, 'times' | 'values'>): LatestSample | undefined {
  for (let i = series.values.length - 1; i >= 0; i -= 1) {
    const value = series.values[i];
    if (value !== null && value !== undefined && Number.isFinite(value)) return { value, time: series.times[i]! };
  }
  return undefined;
}
