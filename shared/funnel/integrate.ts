import type { Series } from '../model/series';

/**
 * Turns a per-second rate series into a count over its window: each sample stands for
 * `stepSeconds` seconds of traffic. Missing samples are skipped rather than read as zero,
 * so a scrape gap lowers the count a little instead of faking a drop to nothing.
 */
export function integrateRate(values: readonly (number | null)[], stepSeconds: number): number {
  let total = 0;
  for (const value of values) {
    if (value === null || !Number.isFinite(value) || value < 0) continue;
    total += value * stepSeconds;
  }
  return total;
}

/**
 * The spacing of a series' samples, in seconds. Bundles and live results may have been
 * fetched with different steps, so the data says what one sample covers; `fallback` is
 * used when there are fewer than two samples.
 */
export function inferStepSeconds(times: readonly number[], fallback: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i += 1) {
    const gap = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return fallback;
  // The smallest gap is the step; larger ones are holes in the data.
  return Math.min(...gaps) / 1000;
}

/** Total events per label value, summing every series that carries the same value. */
export function totalsByLabel(series: readonly Series[], label: string, fallbackStepSeconds: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const s of series) {
    const key = s.labels[label];
    if (key === undefined) continue;
    const step = inferStepSeconds(s.times, fallbackStepSeconds);
    totals.set(key, (totals.get(key) ?? 0) + integrateRate(s.values, step));
  }
  return totals;
}
