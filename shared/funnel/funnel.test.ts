import { describe, expect, it } from 'vitest';
import type { Series } from '../model/series';
import { buildFunnel } from './funnel';
import { inferStepSeconds, integrateRate, totalsByLabel } from './integrate';

const series = (step: string, values: (number | null)[], stepMs = 15_000, city = 'x'): Series => ({
  name: 'step:ride_funnel_events:rate1m',
  labels: { step, city },
  times: values.map((_, i) => 1_700_000_000_000 + i * stepMs),
  values,
});

describe('integrateRate', () => {
  it('sums value × step seconds and skips gaps', () => {
    expect(integrateRate([1, 2, null, 3], 15)).toBe(90);
    expect(integrateRate([null, null], 15)).toBe(0);
    expect(integrateRate([Number.NaN, 2], 10)).toBe(20);
  });
});

describe('inferStepSeconds', () => {
  it('takes the smallest spacing so holes do not inflate the step', () => {
    expect(inferStepSeconds([0, 15_000, 30_000, 90_000], 5)).toBe(15);
    expect(inferStepSeconds([0], 7)).toBe(7);
  });
});

describe('totalsByLabel', () => {
  it('adds series that share a label value', () => {
    const totals = totalsByLabel([series('scan', [1, 1]), series('scan', [2, 2], 15_000, 'y')], 'step', 5);
    expect(totals.get('scan')).toBe(90);
  });
});

describe('buildFunnel', () => {
  it('orders steps, computes conversions and finds the worst drop', () => {
    const funnel = buildFunnel(
      [series('unlock_success', [5, 5]), series('app_open', [10, 10]), series('scan', [8, 8])],
      ['app_open', 'scan', 'unlock_success', 'payment_success'],
      'step',
      5,
    );
    expect(funnel.steps.map((s) => s.step)).toEqual(['app_open', 'scan', 'unlock_success', 'payment_success']);
    expect(funnel.steps.map((s) => s.count)).toEqual([300, 240, 150, 0]);
    expect(funnel.steps[1]?.conversion).toBeCloseTo(0.8);
    expect(funnel.steps[2]?.conversion).toBeCloseTo(0.625);
    expect(funnel.steps[3]?.conversion).toBe(0);
    expect(funnel.steps[3]?.present).toBe(false);
    expect(funnel.worstDropIndex).toBe(3);
    expect(funnel.overall).toBe(0);
  });

  it('has no overall conversion when the first step counted nothing', () => {
    const funnel = buildFunnel([series('scan', [1])], ['app_open', 'scan'], 'step', 5);
    expect(funnel.overall).toBeUndefined();
    expect(funnel.steps[1]?.conversion).toBeUndefined();
    expect(funnel.worstDropIndex).toBeUndefined();
  });
});
