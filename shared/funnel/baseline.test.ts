import { describe, expect, it } from 'vitest';
import type { Series } from '../model/series';
import { baselineStats, compareWithBaseline } from './baseline';
import { buildFunnel, overReasonText } from './funnel';
import { dataSpan, rangeWords, windowText } from './window';

const T0 = 1_700_000_040_000 - (1_700_000_040_000 % 60_000);
const STEPS = ['app_open', 'unlock_success', 'ride_start', 'ride_end'];

/** One sample per minute (rate per second) for a step in a city. */
const perMinute = (step: string, city: string, rates: number[]): Series => ({
  name: 'city_step:ride_funnel_events:rate1m',
  labels: { city, step },
  times: rates.map((_, i) => T0 + i * 60_000),
  values: rates,
});

/** Ten minutes of a baseline where unlock success converts 0.94, 0.96, 0.98 in turn (mean 0.96, σ ≈ 0.0163). */
function baseline(): Series[] {
  const unlock = [0.94, 0.96, 0.98, 0.94, 0.96, 0.98, 0.94, 0.96, 0.98, 0.96];
  return [
    perMinute('app_open', 'x', unlock.map(() => 10)),
    perMinute('unlock_success', 'x', unlock.map((u) => 10 * u)),
    perMinute('ride_start', 'x', unlock.map((u) => 10 * u)),
    perMinute('ride_end', 'x', unlock.map((u) => 10 * u)),
  ];
}

const nowFunnel = (unlock: number) =>
  buildFunnel([perMinute('app_open', 'x', [10, 10]), perMinute('unlock_success', 'x', [10 * unlock, 10 * unlock]), perMinute('ride_start', 'x', [10 * unlock, 10 * unlock]), perMinute('ride_end', 'x', [10 * unlock, 10 * unlock])], STEPS, 'step', 60);

describe('the week-earlier baseline', () => {
  it('takes mean and σ of the per-minute conversions, cities summed per minute', () => {
    const split = baseline().flatMap((s) => [
      { ...s, labels: { ...s.labels, city: 'a' }, values: s.values.map((v) => (v ?? 0) / 4) },
      { ...s, labels: { ...s.labels, city: 'b' }, values: s.values.map((v) => ((v ?? 0) * 3) / 4) },
    ]);
    const stats = baselineStats(split, STEPS, 'step', 60).get('unlock_success')!;
    expect(stats.minutes).toBe(10);
    expect(stats.mean).toBeCloseTo(0.96, 6);
    expect(stats.sd).toBeCloseTo(Math.sqrt((3 * 0.0004 + 3 * 0.0004) / 10), 6);
  });

  it('flags a conversion below mean − 3σ and 5 points under it, and names the biggest such drop', () => {
    const compared = compareWithBaseline(nowFunnel(0.48), baseline(), 'step', 60);
    expect(compared.kind).toBe('compared');
    if (compared.kind !== 'compared') return;
    expect(compared.steps.map((s) => s.abnormal)).toEqual([false, true, false, false]);
    expect(compared.worstAbnormalIndex).toBe(1);
    expect(compared.steps[1]?.drop).toBeCloseTo(0.48, 6);
  });

  it('does not flag a normal dip within 3σ', () => {
    const compared = compareWithBaseline(nowFunnel(0.93), baseline(), 'step', 60);
    expect(compared.kind === 'compared' && compared.steps.some((s) => s.abnormal)).toBe(false);
    expect(compared.kind === 'compared' && compared.worstAbnormalIndex).toBeUndefined();
  });

  it('does not flag noise against a flat baseline: 3 points below a σ of 0 is under the 5-point floor', () => {
    const flat = baseline().map((s) => ({ ...s, values: s.values.map((v) => (s.labels.step === 'app_open' ? v : 9.6)) }));
    expect(compareWithBaseline(nowFunnel(0.93), flat, 'step', 60)).toMatchObject({ kind: 'compared', steps: [{ abnormal: false }, { abnormal: false }, { abnormal: false }, { abnormal: false }] });
    expect(compareWithBaseline(nowFunnel(0.9), flat, 'step', 60)).toMatchObject({ kind: 'compared', worstAbnormalIndex: 1 });
  });

  it('says there is no baseline when the week-earlier query has no samples', () => {
    expect(compareWithBaseline(nowFunnel(0.48), [], 'step', 60)).toEqual({ kind: 'no-baseline' });
    expect(compareWithBaseline(nowFunnel(0.48), [perMinute('app_open', 'x', [])], 'step', 60)).toEqual({ kind: 'no-baseline' });
  });

  it('does not judge a step with fewer than five baseline minutes', () => {
    const short = baseline().map((s) => ({ ...s, times: s.times.slice(0, 3), values: s.values.slice(0, 3) }));
    const compared = compareWithBaseline(nowFunnel(0.48), short, 'step', 60);
    expect(compared).toMatchObject({ kind: 'compared', steps: [{ abnormal: false }, { abnormal: false, baseline: { minutes: 3 } }, { abnormal: false }, { abnormal: false }] });
  });
});

describe('conversions above 100%', () => {
  const funnel = buildFunnel(
    [perMinute('app_open', 'x', [10]), perMinute('unlock_success', 'x', [10.3]), perMinute('ride_start', 'x', [9]), perMinute('ride_end', 'x', [9.27])],
    STEPS,
    'step',
    60,
    ['ride_end'],
  );

  it('explains a lagging step over 100% by rides that outlast the window, and calls an immediate one a counting mismatch', () => {
    expect(funnel.steps.map((s) => s.over)).toEqual([undefined, 'count-mismatch', undefined, 'outlasts-window']);
    expect(funnel.steps[3]?.conversion).toBeCloseTo(1.03, 6);
    expect(overReasonText('outlasts-window', 'ride_end', 'ride_start')).toBe('more ride end than ride start in this window: rides that started before the window ended in it');
    expect(overReasonText('count-mismatch', 'unlock_success', 'app_open')).toBe(
      'counting mismatch: more unlock success than app open in this window, though unlock success follows at once — check how the two steps are counted',
    );
  });

  it('sums cities per step', () => {
    const two = buildFunnel([perMinute('app_open', 'a', [1, 1]), perMinute('app_open', 'b', [2, 2]), perMinute('unlock_success', 'a', [1.5, 1.5])], STEPS, 'step', 60);
    expect(two.steps.map((s) => s.count)).toEqual([360, 180, 0, 0]);
  });
});

describe('the stated window', () => {
  it('says how long and from when to when, in the dashboard zone', () => {
    const end = Date.UTC(2026, 0, 5, 14, 32);
    expect(windowText(1800, end - 30 * 60_000, end, 'utc')).toBe('last 30 min, 14:02–14:32 UTC');
    expect(windowText(6 * 3600, end - 6 * 3_600_000, end, 'utc')).toBe('last 6 h, 08:32–14:32 UTC');
    expect(windowText(2 * 86_400, end - 2 * 86_400_000, end, 'utc')).toBe('last 2 d, 2026-01-03 14:32–2026-01-05 14:32 UTC');
    expect(rangeWords(5400)).toBe('1 h 30 min');
    expect(dataSpan([{ times: [5, 9] }, { times: [3, 7] }, { times: [] }])).toEqual({ start: 3, end: 9 });
    expect(dataSpan([])).toBeUndefined();
  });
});
