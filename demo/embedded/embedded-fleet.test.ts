import { describe, expect, it } from 'vitest';
import { recordingRules } from '../rules';
import { EmbeddedFleet } from './embedded-fleet';
import { histogramQuantile } from './quantile';
import { parseInstantSelector } from './selector';
import { fingerprint, humanizePercentage, renderTemplate } from './template';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);

function make(clock: { now: number }) {
  return new EmbeddedFleet({ sourceId: 'demo', locks: 20_000, unlocksPerSecond: 8, now: () => clock.now, autoStart: false, backfillMs: 5 * 60_000 });
}

describe('the embedded fleet', () => {
  it('records exactly the series of the recording rules, with history from the backfill', () => {
    const clock = { now: T0 };
    const e = make(clock);
    expect(e.ring.names()).toEqual(recordingRules.map((r) => r.record).sort());
    const r = e.queryRange({ expr: 'city:lock_online:ratio', start: T0 - 4 * 60_000, end: T0, stepSeconds: 30 });
    expect(r.series).toHaveLength(5);
    for (const s of r.series) {
      expect(s.times).toHaveLength(9);
      expect(s.values.every((v) => v !== null && v > 0.9 && v <= 1)).toBe(true);
    }
  });

  it('answers instant selectors with label matchers, sampled at each step', () => {
    const clock = { now: T0 };
    const e = make(clock);
    const q = (expr: string) => e.queryRange({ expr, start: T0 - 60_000, end: T0, stepSeconds: 15 }).series;
    expect(q('city:lock_unlock_success:ratio_rate1m{city="beijing"}').map((s) => s.labels)).toEqual([{ city: 'beijing' }]);
    expect(q('city:lock_unlock_success:ratio_rate1m{city!="beijing"}')).toHaveLength(4);
    expect(q('city:lock_unlock_success:ratio_rate1m{city=~"bei.*|chengdu"}')).toHaveLength(2);
    expect(q('city:lock_unlock_success:ratio_rate1m{city!~"bei.*"}')).toHaveLength(4);
    expect(q('city:lock_unlock_success:ratio_rate1m{city=~"bei"}')).toHaveLength(0); // anchored like PromQL
    const funnel = q('step:ride_funnel_events:rate1m{step="app_open"}')[0]!;
    expect(funnel.values.at(-1)).toBeGreaterThan(3);
    const p95 = q('city:lock_unlock_duration_seconds:p95_rate1m{city="shanghai"}')[0]!;
    expect(p95.values.at(-1)).toBeGreaterThan(0.5);
    expect(p95.values.at(-1)).toBeLessThan(13);
    // Before the first evaluation there is nothing within the lookback: gaps, not zeros.
    const early = e.queryRange({ expr: 'city:lock_online:ratio', start: T0 - 60 * 60_000, end: T0 - 50 * 60_000, stepSeconds: 60 });
    expect(early.series[0]!.values.every((v) => v === null)).toBe(true);
  });

  it('refuses anything but a recorded series, naming what it can answer', () => {
    const e = make({ now: T0 });
    for (const expr of ['rate(lock_unlock_requests_total[1m])', 'lock_online', 'city:lock_online:ratio > 0.5', 'sum(city:lock_online:ratio)']) {
      expect(() => e.queryRange({ expr, start: T0 - 60_000, end: T0, stepSeconds: 15 })).toThrow(/only answers recorded series.*city:lock_online:ratio/);
    }
  });

  it('fires alerts after their for: duration and resolves them when the condition clears', () => {
    const clock = { now: T0 };
    const e = make(clock);
    // Only the Watchdog, which always fires.
    expect(e.alerts.list().filter((a) => a.state === 'firing').map((a) => a.name)).toEqual(['Watchdog']);
    e.fleet.triggerIncident('bad-release');
    clock.now += 20_000;
    e.advanceTo(clock.now);
    expect(e.alerts.list().some((a) => a.labels.service === 'lock-service')).toBe(false); // still pending
    clock.now += 60_000;
    e.advanceTo(clock.now);
    const firing = e.alerts.list().find((a) => a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service');
    expect(firing).toMatchObject({ state: 'firing', severity: 'critical', source: 'demo', silencedBy: [] });
    expect(firing!.labels).toMatchObject({ alertname: 'ServiceErrorRateHigh', domain: 'software' });
    expect(firing!.annotations.summary).toMatch(/^lock-service is failing \d+(\.\d+)?% of requests$/);
    expect(firing!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // The warning waits longer (90 s) than the critical page, so night-time noise does not flap it.
    clock.now += 60_000;
    e.advanceTo(clock.now);
    expect(e.alerts.list().some((a) => a.name === 'UnlockSuccessLow' && a.state === 'firing')).toBe(true);

    e.fleet.deployer.switchTraffic('lock-service', 'blue');
    clock.now += 3 * 60_000;
    e.advanceTo(clock.now);
    const after = e.alerts.list().find((a) => a.fingerprint === firing!.fingerprint);
    expect(after).toMatchObject({ state: 'resolved' });
    expect(after!.endsAt).toBeGreaterThan(firing!.startsAt);
  });

  it('mutes alerts with matching silences, like Alertmanager', () => {
    const clock = { now: T0 };
    const e = make(clock);
    e.fleet.triggerIncident('bad-release');
    clock.now += 90_000;
    e.advanceTo(clock.now);
    const id = e.silences.create({
      matchers: [{ name: 'service', value: 'lock-service', isRegex: false, isEqual: true }],
      startsAt: clock.now,
      endsAt: clock.now + 3_600_000,
      createdBy: 'oncall',
      comment: 'rolling back',
    });
    const alerts = e.alerts.list();
    expect(alerts.find((a) => a.labels.service === 'lock-service')!.silencedBy).toEqual([id]);
    expect(alerts.find((a) => a.labels.service === 'app-gateway')?.silencedBy ?? []).toEqual([]);
    expect(e.silences.list()).toMatchObject([{ id, state: 'active' }]);
    clock.now += 2 * 3_600_000;
    expect(e.silences.list()[0]!.state).toBe('expired');
    expect(() =>
      e.silences.create({ matchers: [{ name: 'x', value: '.*', isRegex: true, isEqual: true }], startsAt: clock.now, endsAt: clock.now + 1000, createdBy: 'a', comment: '' }),
    ).toThrow(/mute everything/);
  });
});

describe('the PromQL helpers', () => {
  it('parses selectors and rejects expressions', () => {
    expect(parseInstantSelector(`x:y{a="1", b!~'b.*'}`)).toEqual({ name: 'x:y', matchers: [{ name: 'a', op: '=', value: '1' }, { name: 'b', op: '!~', value: 'b.*' }] });
    expect(parseInstantSelector('sum(x)')).toBeUndefined();
    expect(parseInstantSelector('x{a="("}')).toEqual({ name: 'x', matchers: [{ name: 'a', op: '=', value: '(' }] });
    expect(parseInstantSelector('x{a=~"("}')).toBeUndefined();
  });

  it('interpolates quantiles like histogram_quantile', () => {
    // 10 in (0,1], 10 in (1,2]: the 0.75 rank is 15, halfway through the second bucket.
    expect(histogramQuantile(0.75, [1, 2], [10, 10, 0])).toBeCloseTo(1.5);
    expect(histogramQuantile(0.99, [1, 2], [0, 0, 5])).toBe(2);
    expect(histogramQuantile(0.5, [1, 2], [0, 0, 0])).toBeNaN();
  });

  it('renders templates and fingerprints like Prometheus and Alertmanager', () => {
    expect(humanizePercentage(0.0523)).toBe('5.23%');
    expect(humanizePercentage(0.5)).toBe('50%');
    expect(renderTemplate('{{ $labels.city }} at {{ $value | humanizePercentage }}', { city: 'beijing' }, 0.123456)).toBe('beijing at 12.35%');
    // Stable under key order, distinct per label set.
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
});

describe('the embedded fleet from its first minute', () => {
  it('already has rides on the road, so rides end as often as they start (no empty-fleet artefact in the funnel)', () => {
    const e = new EmbeddedFleet({ sourceId: 'demo', locks: 20_000, unlocksPerSecond: 8, now: () => T0, autoStart: false });
    const { series } = e.queryRange({ expr: 'step:ride_funnel_events:rate1m', start: T0 - 30 * 60_000, end: T0, stepSeconds: 60 });
    const total = (step: string) => series.find((s) => s.labels.step === step)!.values.reduce<number>((sum, v) => sum + (v ?? 0) * 60, 0);
    expect(total('ride_start')).toBeGreaterThan(1000);
    expect(total('ride_end') / total('ride_start')).toBeGreaterThan(0.85);
    expect(total('ride_end') / total('ride_start')).toBeLessThan(1.15);
  });
});

describe('the embedded fleet at a fixed demand', () => {
  it('draws the same traffic at 3 a.m. as at noon, where the time-of-day curve draws far less at night', () => {
    const night = Date.UTC(2024, 5, 3, 19, 0, 0); // 03:00 in the fleet's cities (UTC+8)
    const noon = Date.UTC(2024, 5, 3, 4, 0, 0); // 12:00 there
    const requests = (now: number, demand?: number) => {
      const e = new EmbeddedFleet({ sourceId: 'demo', locks: 20_000, unlocksPerSecond: 8, now: () => now, autoStart: false, backfillMs: 5 * 60_000, ...(demand !== undefined ? { demand } : {}) });
      return [...e.fleet.stats.arrays.unlockRequests].reduce((a, b) => a + b, 0);
    };
    expect(requests(night, 1)).toBe(requests(noon, 1));
    expect(requests(night)).toBeLessThan(requests(noon) / 2);
  });
});
