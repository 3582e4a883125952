import type { Series } from '../model/series';
import type { Funnel } from './funnel';
import { inferStepSeconds } from './integrate';

/** A step is abnormal when its conversion now is this many standard deviations below the baseline's mean… */
export const ABNORMAL_SIGMAS = 3;
/** …and at least this far below it (5 percentage points), so a near-constant baseline does not flag noise. */
export const MIN_ABNORMAL_DROP = 0.05;
/** Fewer baseline minutes than this say too little about a step's normal spread to judge it. */
export const MIN_BASELINE_MINUTES = 5;

const MINUTE_MS = 60_000;

export interface StepBaseline {
  /** Mean and standard deviation of the step's per-minute conversions in the baseline window. */
  mean: number;
  sd: number;
  /** How many minutes had events at the step before (the conversions the mean is of). */
  minutes: number;
}

export interface StepComparison {
  step: string;
  baseline?: StepBaseline;
  /** Conversion now is below mean − 3σ and at least 5 points below the mean. */
  abnormal: boolean;
  /** mean − conversion now, when both are known (positive: worse than the baseline). */
  drop?: number;
}

export type FunnelComparison =
  | { kind: 'no-baseline' }
  | { kind: 'compared'; steps: StepComparison[]; /** The abnormal step with the largest drop, if any. */ worstAbnormalIndex?: number };

/** Events per minute bucket of each step: samples summed across series (cities) and integrated over their step. */
function countsPerMinute(series: readonly Series[], label: string, fallbackStepSeconds: number): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const s of series) {
    const step = s.labels[label];
    if (step === undefined) continue;
    const seconds = inferStepSeconds(s.times, fallbackStepSeconds);
    let minutes = out.get(step);
    if (!minutes) out.set(step, (minutes = new Map()));
    s.values.forEach((value, i) => {
      if (value === null || !Number.isFinite(value) || value < 0) return;
      const minute = Math.floor((s.times[i] ?? 0) / MINUTE_MS);
      minutes.set(minute, (minutes.get(minute) ?? 0) + value * seconds);
    });
  }
  return out;
}

/**
 * Each step's per-minute conversions in the baseline window (events at the step / events at
 * the step before, per minute of the window; minutes where the step before counted nothing
 * are left out), summarised as mean and standard deviation.
 */
export function baselineStats(series: readonly Series[], steps: readonly string[], label: string, fallbackStepSeconds: number): Map<string, StepBaseline> {
  const counts = countsPerMinute(series, label, fallbackStepSeconds);
  const out = new Map<string, StepBaseline>();
  for (let i = 1; i < steps.length; i++) {
    const before = counts.get(steps[i - 1] ?? '');
    const at = counts.get(steps[i] ?? '');
    if (!before || !at) continue;
    const ratios: number[] = [];
    for (const [minute, n] of before) if (n > 0) ratios.push((at.get(minute) ?? 0) / n);
    if (ratios.length === 0) continue;
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    const sd = Math.sqrt(ratios.reduce((a, r) => a + (r - mean) ** 2, 0) / ratios.length);
    out.set(steps[i] ?? '', { mean, sd, minutes: ratios.length });
  }
  return out;
}

/**
 * Compares the funnel now with the same window a week earlier, step by step. Without
 * baseline data there is nothing to compare (and nothing is highlighted).
 */
export function compareWithBaseline(now: Funnel, baselineSeries: readonly Series[], label: string, fallbackStepSeconds: number): FunnelComparison {
  const hasData = baselineSeries.some((s) => s.values.some((v) => v !== null && Number.isFinite(v)));
  if (!hasData) return { kind: 'no-baseline' };
  const stats = baselineStats(
    baselineSeries,
    now.steps.map((s) => s.step),
    label,
    fallbackStepSeconds,
  );
  const steps = now.steps.map((step, i): StepComparison => {
    const baseline = stats.get(step.step);
    if (!baseline || baseline.minutes < MIN_BASELINE_MINUTES || step.conversion === undefined || i === 0) return { step: step.step, abnormal: false, ...(baseline ? { baseline } : {}) };
    const drop = baseline.mean - step.conversion;
    const abnormal = step.conversion < baseline.mean - ABNORMAL_SIGMAS * baseline.sd && drop >= MIN_ABNORMAL_DROP;
    return { step: step.step, baseline, abnormal, drop };
  });
  let worstAbnormalIndex: number | undefined;
  steps.forEach((s, i) => {
    if (s.abnormal && (worstAbnormalIndex === undefined || (s.drop ?? 0) > (steps[worstAbnormalIndex]?.drop ?? 0))) worstAbnormalIndex = i;
  });
  return { kind: 'compared', steps, ...(worstAbnormalIndex !== undefined ? { worstAbnormalIndex } : {}) };
}
