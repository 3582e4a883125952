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
  /** Why the conversion is above 100%, when it is (see `overReason`). */
  over?: OverReason;
}

/**
 * Why a step counted more events than the step before it in one window:
 * `outlasts-window` — the step can come long after the one before (a ride ends minutes after
 * it starts), so events of journeys begun before the window are counted in it;
 * `count-mismatch` — the step follows at once, so more of it means the two are not counted alike.
 */
export type OverReason = 'outlasts-window' | 'count-mismatch';

/** The reason in words, for the panel: "rides that started before the window ended in it". */
export function overReasonText(reason: OverReason, step: string, previous: string): string {
  const name = (s: string) => s.replaceAll('_', ' ');
  return reason === 'outlasts-window'
    ? `more ${name(step)} than ${name(previous)} in this window: rides that started before the window ${step === 'ride_end' ? 'ended' : 'finished'} in it`
    : `counting mismatch: more ${name(step)} than ${name(previous)} in this window, though ${name(step)} follows at once — check how the two steps are counted`;
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
  /** Steps that can come longer after the step before than the window lasts (ride_end, payment_success). */
  lagging: readonly string[] = [],
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
    const over: OverReason | undefined = conversion !== undefined && conversion > 1 ? (lagging.includes(step) ? 'outlasts-window' : 'count-mismatch') : undefined;
    out.push({ step, count, conversion, present: totals.has(step), ...(over ? { over } : {}) });
  });
  const first = out[0];
  const last = out[out.length - 1];
  const overall = first && last && first.count > 0 ? last.count / first.count : undefined;
  return { steps: out, overall, worstDropIndex };
}
