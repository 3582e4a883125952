import type { Series } from '../model/series';
import { totalsByLabel } from './integrate';

export interface FunnelStep {
  step: string;
  /** Events counted over the window (rate integrated over time). */
  count: number;
  /** count / previous step's count; undefined for the first step or when the previous is 0. */
  conversion?: number;
  /** Whether this series was present at all (a missing step is not the same as zero). */
  present: boolean;
}

export interface Funnel {
  steps: FunnelStep[];
  /** Last step / first step; undefined when the first step counted nothing. */
  overall?: number;
  /** Index of the step with the lowest conversion from its predecessor, if any. */
  worstDropIndex?: number;
}

/**
 * Builds the ride funnel in the order the dashboard lists its steps. Steps the data does
 * not mention still appear (count 0, present false) so a missing stage is visible.
 */
export function buildFunnel(
  series: readonly Series[],
  steps: readonly string[],
  label: string,
  fallbackStepSeconds: number,
): Funnel {
  const totals = totalsByLabel(series, label, fallbackStepSeconds);
  const out: FunnelStep[] = [];
  let worstDropIndex: number | undefined;
  let worst = Infinity;
  steps.forEach((step, i) => {
    const count = totals.get(step) ?? 0;
    const previous = i > 0 ? out[i - 1] : undefined;
    const conversion = previous && previous.count > 0 ? count / previous.count : undefined;
    if (conversion !== undefined && conversion < worst) {
      worst = conversion;
      worstDropIndex = i;
    }
    out.push({ step, count, conversion, present: totals.has(step) });
  });
  const first = out[0];
  const last = out[out.length - 1];
  const overall = first && last && first.count > 0 ? last.count / first.count : undefined;
  return { steps: out, overall, worstDropIndex };
}
