import { describe, expect, it } from 'vitest';
import { EmbeddedFleet, UnsupportedQueryError } from './embedded-fleet';
import { parseDuration, splitOffset } from './offset';
import { synthesiseHistory } from './week-history';

const WEEK = 7 * 86_400_000;
// A Monday 14:00 China time: a busy afternoon, no weekend factor either side of the week.
const NOW = Date.UTC(2026, 0, 5, 6, 0);

describe('offset parsing', () => {
  it('reads PromQL durations and splits the offset off a selector', () => {
    expect(parseDuration('1w')).toBe(WEEK);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1x')).toBeUndefined();
    expect(splitOffset('a{b="c"} offset 1w')).toEqual({ selector: 'a{b="c"}', offsetMs: WEEK });
    expect(splitOffset('a{b="c"}')).toEqual({ selector: 'a{b="c"}', offsetMs: 0 });
    expect(splitOffset('a offset -1w')).toEqual({ error: '"-1w" is not a duration the embedded demo reads for offset (use e.g. 1w, 1d, 30m)' });
  });
});

describe('the synthesised week of funnel history', () => {
  it('is deterministic and has a day shape (night quieter than the afternoon)', () => {
    const at = (t: number) => synthesiseHistory('step:ride_funnel_events:rate1m', 42, 20, t, t, 60_000).find((s) => s.labels.step === 'app_open')!.values[0]!;
    const night = NOW - WEEK - 10 * 3_600_000; // 04:00 China time
    expect(at(NOW - WEEK)).toBe(at(NOW - WEEK));
    expect(at(night)).toBeLessThan(at(NOW - WEEK) / 2);
  });

  it('converts like a quiet live fleet, step by step, within 2 percentage points', () => {
    // Two hours in, so the rides the fleet seeds at its start (demo/fleet/fleet.ts seedRidesInFlight) have all ended: a steady state.
    const fleet = new EmbeddedFleet({ sourceId: 'demo', now: () => NOW, autoStart: false, backfillMs: 120 * 60_000 });
    const range = { start: NOW - 30 * 60_000, end: NOW, stepSeconds: 60 };
    const totals = (series: { labels: Record<string, string>; values: (number | null)[] }[]) => {
      const out = new Map<string, number>();
      for (const s of series) out.set(s.labels.step!, (out.get(s.labels.step!) ?? 0) + s.values.reduce<number>((a, v) => a + (v ?? 0), 0));
      return out;
    };
    const live = totals(fleet.queryRange({ expr: 'step:ride_funnel_events:rate1m', ...range }).series);
    const past = totals(fleet.queryRange({ expr: 'step:ride_funnel_events:rate1m offset 1w', ...range }).series);
    const steps = ['app_open', 'scan', 'unlock_request', 'unlock_success', 'ride_start', 'ride_end', 'payment_success'];
    for (let i = 1; i < steps.length; i++) {
      const conv = (m: Map<string, number>) => m.get(steps[i]!)! / m.get(steps[i - 1]!)!;
      expect(Math.abs(conv(past) - conv(live)), steps[i]).toBeLessThan(0.02);
    }
  });
});

describe('offset queries on the embedded demo', () => {
  const fleet = new EmbeddedFleet({ sourceId: 'demo', now: () => NOW, autoStart: false, backfillMs: 10 * 60_000 });

  it('answers the per-city funnel a week earlier at the unshifted times, one series per city and step', () => {
    const r = fleet.queryRange({ expr: 'city_step:ride_funnel_events:rate1m{city=~"beijing|chengdu"} offset 1w', start: NOW - 30 * 60_000, end: NOW, stepSeconds: 15 });
    expect(r.series).toHaveLength(14);
    expect(new Set(r.series.map((s) => s.labels.city))).toEqual(new Set(['beijing', 'chengdu']));
    expect(r.series[0]!.times[0]).toBe(NOW - 30 * 60_000);
    expect(r.series[0]!.times).toHaveLength(121);
    expect(r.series.every((s) => s.values.every((v) => v !== null && v >= 0))).toBe(true);
    expect(r.warnings).toEqual([]);
  });

  it('says which series have no week-old data and refuses a malformed offset', () => {
    const r = fleet.queryRange({ expr: 'city:lock_online:ratio offset 1w', start: NOW - 60_000, end: NOW, stepSeconds: 15 });
    expect(r.series).toEqual([]);
    expect(r.warnings[0]).toMatch(/^The embedded demo has city:lock_online:ratio only since .*; a week of history is synthesised for the funnel series only\.$/);
    expect(() => fleet.queryRange({ expr: 'city:lock_online:ratio offset 1q', start: NOW - 60_000, end: NOW, stepSeconds: 15 })).toThrow(UnsupportedQueryError);
  });
});
