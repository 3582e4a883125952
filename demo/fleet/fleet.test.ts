import { describe, expect, it } from 'vitest';
import { CITIES } from './catalog';
import { Fleet } from './fleet';
import { unlockTotals, type StatsArrays } from './stats';
import { HTTP_CODES, HTTP_ROUTES } from './catalog';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0); // 10:00 in China: a normal busy morning

function run(fleet: Fleet, ms: number, step = 5000): void {
  for (let t = 0; t < ms; t += step) fleet.tick(step);
}

function successRatio(a: StatsArrays, b?: StatsArrays): number {
  const now = unlockTotals(a);
  const before = b ? unlockTotals(b) : { success: 0, timeout: 0, failure: 0, rejected: 0 };
  const d = (k: keyof typeof now) => now[k] - before[k];
  return d('success') / (d('success') + d('timeout') + d('failure') + d('rejected'));
}

function serverErrorShare(a: StatsArrays, b: StatsArrays, service: string): number {
  let errors = 0;
  let total = 0;
  HTTP_ROUTES.forEach((r, ri) => {
    if (r.service !== service) return;
    HTTP_CODES.forEach((code, ci) => {
      const i = ri * HTTP_CODES.length + ci;
      const v = (a.httpRequests[i] ?? 0) - (b.httpRequests[i] ?? 0);
      total += v;
      if (code.startsWith('5')) errors += v;
    });
  });
  return errors / total;
}

function onlineRatio(fleet: Fleet, city: string): number {
  const { online, devices } = fleet.onlineByCity();
  const c = CITIES.indexOf(city as (typeof CITIES)[number]);
  return (online[c] ?? 0) / (devices[c] ?? 1);
}

// 20k locks at 8 unlocks/s keeps about 30% of bikes out on rides, like the 50k default.
const newFleet = () => new Fleet({ locks: 20_000, seed: 7, now: () => T0, unlocksPerSecond: 8 });

describe('the demo fleet', () => {
  it('runs a plausible normal day: locks online, unlocks succeed, funnel narrows', () => {
    const fleet = newFleet();
    run(fleet, 10 * 60_000);
    const { online, devices } = fleet.onlineByCity();
    const ratio = online.reduce((a, b) => a + b, 0) / devices.reduce((a, b) => a + b, 0);
    expect(ratio).toBeGreaterThan(0.94);
    expect(ratio).toBeLessThan(1);
    const totals = unlockTotals(fleet.stats.arrays);
    expect(totals.success).toBeGreaterThan(3000);
    expect(successRatio(fleet.stats.arrays)).toBeGreaterThan(0.94);
    expect(totals.timeout + totals.failure + totals.rejected).toBeGreaterThan(0);
    const funnel = (step: number) => CITIES.reduce((s, _, c) => s + (fleet.stats.arrays.funnel[c * 7 + step] ?? 0), 0);
    for (let s = 1; s < 4; s++) expect(funnel(s)).toBeLessThan(funnel(s - 1));
    expect(funnel(5)).toBeGreaterThan(0); // rides ended
    expect(funnel(6)).toBeLessThanOrEqual(funnel(5));
    expect(fleet.traces.size).toBeGreaterThan(1000);
  });

  it('runs at a fixed demand when given one, whatever the hour: a test at 03:00 sees the evening peak\'s traffic', () => {
    const night = Date.UTC(2024, 5, 3, 19, 0, 0); // 03:00 in China
    const requests = (fleet: Fleet) => [...fleet.stats.arrays.unlockRequests].reduce((a, b) => a + b, 0);
    const byClock = new Fleet({ locks: 20_000, seed: 7, now: () => night, unlocksPerSecond: 8 });
    const fixed = new Fleet({ locks: 20_000, seed: 7, now: () => night, unlocksPerSecond: 8, demand: 1.6 });
    run(byClock, 60_000);
    run(fixed, 60_000);
    // 8/s × 1.6 × 60 s ≈ 768 at the fixed demand; 8/s × 0.25 × 60 s ≈ 120 by the night's clock.
    expect(requests(fixed)).toBeGreaterThan(600);
    expect(requests(fixed)).toBeLessThan(950);
    expect(requests(byClock)).toBeLessThan(200);
  });

  it('is deterministic for a seed and a clock', () => {
    const a = newFleet();
    const b = newFleet();
    run(a, 60_000);
    run(b, 60_000);
    expect([...a.stats.arrays.unlockRequests]).toEqual([...b.stats.arrays.unlockRequests]);
    expect(a.traces.recent(5)).toEqual(b.traces.recent(5));
  });

  it('records unlock traces in Zipkin v2 shape with client and shared server halves', () => {
    const fleet = newFleet();
    run(fleet, 30_000);
    const summary = fleet.traces.recent(200).find((t) => t.rootOperation === 'scan to unlock' && t.services.includes('iot-gateway'));
    expect(summary).toBeDefined();
    const spans = fleet.traces.get(summary!.traceId)!;
    expect(spans.every((s) => /^[0-9a-f]{16}$/.test(s.id) && s.traceId === summary!.traceId)).toBe(true);
    const server = spans.find((s) => s.kind === 'SERVER' && s.localEndpoint.serviceName === 'lock-service')!;
    const client = spans.find((s) => s.kind === 'CLIENT' && s.id === server.id)!;
    expect(server.shared).toBe(true);
    expect(client.localEndpoint.serviceName).toBe('ride-service');
    // CS < SR <= SS < CR, with time on the wire both ways.
    expect(server.timestamp).toBeGreaterThan(client.timestamp);
    expect(server.timestamp + server.duration).toBeLessThan(client.timestamp + client.duration);
    expect(summary!.timestamp).toBeGreaterThan(T0 * 1000 - 1);
  });

  it('bad-release raises lock-service 5xx and unlock timeouts; switching back to blue heals it', () => {
    const fleet = newFleet();
    run(fleet, 2 * 60_000);
    const before = fleet.stats.snapshot(fleet.time);
    const healthyTimeouts = unlockTotals(before).timeout / (unlockTotals(before).success + 1);
    const incident = fleet.triggerIncident('bad-release');
    expect(incident.name).toBe('bad-release');
    expect(fleet.deployer.get('lock-service').active).toBe('green');
    run(fleet, 2 * 60_000);
    const during = fleet.stats.snapshot(fleet.time);
    expect(serverErrorShare(during, before, 'lock-service')).toBeGreaterThan(0.2);
    expect(successRatio(during, before)).toBeLessThan(0.75);
    const t = unlockTotals(during);
    const b = unlockTotals(before);
    expect((t.timeout - b.timeout) / (t.success - b.success)).toBeGreaterThan(healthyTimeouts * 3);
    expect(fleet.traces.recent(500).some((s) => s.error && s.services.includes('lock-service'))).toBe(true);

    fleet.deployer.switchTraffic('lock-service', 'blue');
    expect(fleet.activeIncidents().map((i) => i.name)).not.toContain('bad-release');
    run(fleet, 10_000);
    const healed = fleet.stats.snapshot(fleet.time);
    run(fleet, 2 * 60_000);
    const after = fleet.stats.snapshot(fleet.time);
    expect(serverErrorShare(after, healed, 'lock-service')).toBeLessThan(0.05);
    expect(successRatio(after, healed)).toBeGreaterThan(0.93);
  });

  it('gateway-partition takes its city below 80 % online within 2 minutes, others stay above 90 %, and it comes back', () => {
    const fleet = newFleet();
    run(fleet, 60_000);
    const incident = fleet.triggerIncident('gateway-partition');
    const city = CITIES.find((c) => incident.detail.includes(c))!;
    expect(city).toBeDefined();
    expect(onlineRatio(fleet, city)).toBeGreaterThan(0.9);
    let firstBelow = -1;
    for (let t = 5000; t <= 2 * 60_000; t += 5000) {
      fleet.tick(5000);
      if (firstBelow < 0 && onlineRatio(fleet, city) < 0.8) firstBelow = t;
      for (const other of CITIES.filter((c) => c !== city)) expect(onlineRatio(fleet, other)).toBeGreaterThan(0.9);
    }
    // Three missed 30 s beats: nobody is offline in the first minute, most are by 90 s.
    expect(firstBelow).toBeGreaterThan(60_000);
    expect(firstBelow).toBeLessThanOrEqual(90_000);
    expect(onlineRatio(fleet, city)).toBeLessThan(0.05);
    run(fleet, 9 * 60_000); // the partition lasts 10 minutes
    expect(fleet.activeIncidents()).toHaveLength(0);
    expect(onlineRatio(fleet, city)).toBeGreaterThan(0.9);
  });

  it('payment-outage degrades one provider for a few minutes', () => {
    const fleet = newFleet();
    run(fleet, 15 * 60_000); // rides started now end and pay
    const before = fleet.stats.snapshot(fleet.time);
    const incident = fleet.triggerIncident('payment-outage');
    run(fleet, 3 * 60_000);
    const after = fleet.stats.snapshot(fleet.time);
    const provider = ['alipay', 'wechatpay'].find((p) => incident.detail.includes(p))!;
    const p = ['alipay', 'wechatpay', 'unionpay'].indexOf(provider);
    const d = (r: number) => (after.payments[p * 4 + r] ?? 0) - (before.payments[p * 4 + r] ?? 0);
    expect(d(0) / (d(0) + d(1) + d(2) + d(3))).toBeLessThan(0.7);
    expect(() => fleet.triggerIncident('meteor-strike')).toThrow(/no incident named/);
  });

  it('schedules incidents when asked to', () => {
    const fleet = new Fleet({ locks: 1000, now: () => T0, scheduledIncidents: true, incidentGapMs: [60_000, 60_000] });
    run(fleet, 70_000);
    expect(fleet.activeIncidents().length).toBeGreaterThan(0);
  });
});
