import { describe, expect, it } from 'vitest';
import { CHANNELS, CITIES } from '../fleet/catalog';
import { lockId } from '../fleet/locks';
import { EmbeddedFleet } from './embedded-fleet';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0); // 10:00 in China: a busy morning

function make(clock: { now: number }) {
  return new EmbeddedFleet({ sourceId: 'demo', locks: 20_000, unlocksPerSecond: 8, now: () => clock.now, autoStart: false, backfillMs: 5 * 60_000 });
}

/** The value of each series at the query's last step, by the label that tells them apart. */
function lastValues(e: EmbeddedFleet, expr: string, key: string, at: number): Map<string, number> {
  const r = e.queryRange({ expr, start: at, end: at, stepSeconds: 5 });
  return new Map(r.series.map((s) => [s.labels[key]!, s.values.at(-1)!]));
}

describe('fleet health on the embedded demo (issue 8)', () => {
  it('a gateway partition drops its city below 80 % online within 2 minutes; the others stay above 90 %', () => {
    const clock = { now: T0 };
    const e = make(clock);
    const city = CITIES.find((c) => e.fleet.triggerIncident('gateway-partition').detail.includes(c))!;
    clock.now += 2 * 60_000;
    const online = lastValues(e, 'city:lock_online:ratio', 'city', clock.now);
    expect(online.get(city)).toBeLessThan(0.8);
    for (const other of CITIES.filter((c) => c !== city)) expect(online.get(other)).toBeGreaterThan(0.9);
    // The per-channel view shows why unlocks fail: GPRS commands cannot reach the locks, Bluetooth ones can.
    const byChannel = lastValues(e, `city_channel:lock_unlock_success:ratio_rate1m{city="${city}"}`, 'channel', clock.now);
    expect(byChannel.get('gprs')).toBeLessThan(0.5);
    expect(byChannel.get('bluetooth')).toBeGreaterThan(byChannel.get('gprs')! + 0.3);
  });

  it('splits unlocks by channel consistently with the per-city series', () => {
    const clock = { now: T0 };
    const e = make(clock);
    const at = e.fleet.time - (e.fleet.time % e.evalIntervalMs);
    const perCity = lastValues(e, 'city:lock_unlock_success:ratio_rate1m', 'city', at);
    for (const city of CITIES) {
      const channels = lastValues(e, `city_channel:lock_unlock_success:ratio_rate1m{city="${city}"}`, 'channel', at);
      expect([...channels.keys()].sort()).toEqual([...CHANNELS].sort());
      // A ratio of sums lies between the parts' ratios.
      const parts = [...channels.values()];
      expect(perCity.get(city)).toBeGreaterThanOrEqual(Math.min(...parts) - 1e-12);
      expect(perCity.get(city)).toBeLessThanOrEqual(Math.max(...parts) + 1e-12);
      const p95 = lastValues(e, `city_channel:lock_unlock_duration_seconds:p95_rate1m{city="${city}"}`, 'channel', at);
      for (const channel of CHANNELS) {
        expect(p95.get(channel)).toBeGreaterThan(0);
        expect(p95.get(channel)).toBeLessThanOrEqual(13); // the highest finite bucket
      }
    }
  });

  it('records cumulative, monotone battery buckets per city ending at the city fleet, with the low-battery share read at le="20"', () => {
    const clock = { now: T0 };
    const e = make(clock);
    const at = e.fleet.time - (e.fleet.time % e.evalIntervalMs);
    const { devices } = e.fleet.onlineByCity();
    CITIES.forEach((city, c) => {
      const buckets = lastValues(e, `city_le:lock_battery_percent_bucket:sum{city="${city}"}`, 'le', at);
      expect([...buckets.keys()]).toEqual(['5', '10', '20', '40', '60', '80', '100', '+Inf']);
      const values = [...buckets.values()];
      for (let b = 1; b < values.length; b++) expect(values[b]).toBeGreaterThanOrEqual(values[b - 1]!);
      expect(values.at(-1)).toBe(devices[c]);
      // Exactly the locks of the city at or under 20 %.
      let low = 0;
      const [start, end] = e.fleet.locks.cityRange[c]!;
      for (let i = start; i < end; i++) if (e.fleet.locks.battery[i]! <= 20) low++;
      expect(buckets.get('20')).toBe(low);
      expect(lastValues(e, `city:lock_battery_low:ratio{city="${city}"}`, 'city', at).get(city)).toBe(low / devices[c]!);
      const firmware = lastValues(e, `city_firmware:lock_devices:sum{city="${city}"}`, 'firmware', at);
      expect([...firmware.keys()].sort()).toEqual(['3.2.1', '3.4.0', '3.5.2']);
      expect([...firmware.values()].reduce((a, b) => a + b, 0)).toBe(devices[c]);
    });
  });

  it('answers topk(N, time() - lock_last_seen_timestamp_seconds{city=…}) with the N most silent locks of that city, worst first, per step', () => {
    const clock = { now: T0 };
    const e = make(clock);
    const at = e.fleet.time - (e.fleet.time % e.evalIntervalMs);
    const r = e.queryRange({ expr: 'topk(5, time() - lock_last_seen_timestamp_seconds{city="chengdu"})', start: at - 60_000, end: at, stepSeconds: 30 });
    // Brute force over the lock table at the last evaluation, which is where the lock table is now.
    const { city, lastHeartbeat, uplink, size } = e.fleet.locks;
    const chengdu = CITIES.indexOf('chengdu');
    const expected = [...Array(size).keys()]
      .filter((i) => city[i] === chengdu)
      .sort((a, b) => lastHeartbeat[a]! - lastHeartbeat[b]! || a - b)
      .slice(0, 5);
    const atLast = r.series.filter((s) => s.values.at(-1) !== null);
    expect(atLast.map((s) => s.labels.lock_id)).toEqual(expected.map(lockId));
    expect(atLast.map((s) => s.values.at(-1))).toEqual(expected.map((i) => at / 1000 - Math.round(lastHeartbeat[i]!) / 1000));
    expect(atLast.map((s) => s.labels.channel)).toEqual(expected.map((i) => CHANNELS[uplink[i]!]));
    expect(atLast[0]!.labels).toEqual({ city: 'chengdu', lock_id: lockId(expected[0]!), channel: CHANNELS[uplink[expected[0]!]!] });
    // Every step has exactly five, and a lock silent throughout ages by the step.
    for (let step = 0; step < 3; step++) expect(r.series.filter((s) => s.values[step] !== null)).toHaveLength(5);
    const worst = r.series[0]!;
    expect(worst.values[2]! - worst.values[1]!).toBe(30);

    const stamps = e.queryRange({ expr: 'topk(2, lock_last_seen_timestamp_seconds{city=~"chengdu|hangzhou", channel="gprs"})', start: at, end: at, stepSeconds: 5 });
    expect(stamps.series.map((s) => s.name)).toEqual(['lock_last_seen_timestamp_seconds', 'lock_last_seen_timestamp_seconds']);
    expect(stamps.series.every((s) => ['chengdu', 'hangzhou'].includes(s.labels.city!) && s.labels.channel === 'gprs')).toBe(true);
    expect(stamps.series[0]!.values[0]!).toBeLessThanOrEqual(stamps.series[1]!.values[0]!);
  });

  it('refuses other forms over the per-lock gauge, saying what it can answer', () => {
    const e = make({ now: T0 });
    const q = (expr: string) => () => e.queryRange({ expr, start: T0 - 60_000, end: T0, stepSeconds: 15 });
    expect(q('topk(51, time() - lock_last_seen_timestamp_seconds)')).toThrow('The embedded demo keeps the 50 most silent locks per city and uplink; ask topk(50, …) or fewer, not topk(51, …).');
    expect(q('topk(3, time() - lock_last_seen_timestamp_seconds{lock_id="L0000001"})')).toThrow(/narrowed by city and channel only, not by "lock_id"/);
    for (const expr of ['lock_last_seen_timestamp_seconds', 'bottomk(3, lock_last_seen_timestamp_seconds)', 'topk(3, time() + lock_last_seen_timestamp_seconds)', 'topk(3, lock_online)']) {
      expect(q(expr)).toThrow(/only answers recorded series.*topk\(N, time\(\) - lock_last_seen_timestamp_seconds/);
    }
  });
});
