import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertmanagerSource } from '../services/datasources/alertmanager';
import { createPrometheusSource } from '../services/datasources/prometheus';
import type { SourceConfigOf } from '../services/config/sources';
import { waitFor } from '../testing/wait-for';
import { skipUnlessInstalled } from './process/binaries';
import { startStack, type Stack } from './start-stack';

/**
 * Issue 8 on the real stack (fast mode): the exporter's per-lock last-seen gauge and the
 * fleet-health rules as a real Prometheus scrapes and records them, and a gateway partition
 * taking its city offline until CityLocksOffline reaches Alertmanager.
 */
const skip = !existsSync(join(process.cwd(), 'demo', 'cli.ts')) || skipUnlessInstalled(['prometheus', 'alertmanager'], 'the fleet-health stack test');
const LOCKS = 2_000;

describe.skipIf(skip)('fleet health on the local real stack, fast mode', () => {
  let stack: Stack;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lockstep-fleet-health-'));
    stack = await startStack({ fast: true, locks: LOCKS, scheduledIncidents: false, dataDir });
  }, 90_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const prometheus = () => createPrometheusSource(stack.sources.find((s) => s.kind === 'prometheus') as SourceConfigOf<'prometheus'>);
  const instant = async (expr: string) => (await prometheus().metrics!.query!({ expr })).samples;

  it('scrapes every lock\'s last-seen time and records each fleet-health series', async () => {
    const count = await waitFor('Prometheus to scrape lock_last_seen_timestamp_seconds', async () => {
      const samples = await instant('count(lock_last_seen_timestamp_seconds)');
      return samples[0]?.value ?? undefined;
    }, { timeoutMs: 30_000 });
    expect(count).toBe(LOCKS);
    const worst = await instant('topk(3, time() - lock_last_seen_timestamp_seconds{city="shanghai"})');
    expect(worst).toHaveLength(3);
    expect(worst.every((s) => s.labels.city === 'shanghai' && /^L\d{7}$/.test(s.labels.lock_id ?? '') && ['gprs', 'bluetooth'].includes(s.labels.channel ?? ''))).toBe(true);

    // Latency buckets exist once a (city, channel) saw an unlock (prom-client makes histogram
    // series on first observation): with 2,000 locks a quiet pair may still lack them.
    const p95 = await waitFor('a p95 per city and channel', async () => {
      const samples = await instant('city_channel:lock_unlock_duration_seconds:p95_rate1m');
      return samples.length > 0 ? samples : undefined;
    }, { timeoutMs: 30_000 });
    expect(p95.length).toBeLessThanOrEqual(10);
    expect(p95.every((s) => ['gprs', 'bluetooth'].includes(s.labels.channel ?? '') && Object.keys(s.labels).sort().join() === 'channel,city')).toBe(true);
    const recorded = {
      // Every (city, channel, result) counter starts at 0 (demo/exporter/registry.ts), so all ten exist from the first scrape.
      'city_channel:lock_unlock_success:ratio_rate1m': 10,
      'city:lock_battery_low:ratio': 5,
      'city_le:lock_battery_percent_bucket:sum': 5 * 8,
      'city_firmware:lock_devices:sum': 5 * 3,
    };
    for (const [name, series] of Object.entries(recorded)) {
      await waitFor(`${series} series of ${name}`, async () => ((await instant(name)).length === series ? true : undefined), { timeoutMs: 30_000 });
    }
    // The low-battery share is the le="20" bucket over the count: the exporter really writes le="20".
    const low = await instant('city:lock_battery_low:ratio{city="beijing"}');
    const parts = await instant('city_le:lock_battery_percent_bucket:sum{city="beijing", le=~"20|\\\\+Inf"}');
    const byLe = new Map(parts.map((s) => [s.labels.le, s.value]));
    expect(low[0]?.value).toBeCloseTo(byLe.get('20')! / byLe.get('+Inf')!, 9);
    const firmware = await instant('sum(city_firmware:lock_devices:sum)');
    expect(firmware[0]?.value).toBe(LOCKS);
  }, 120_000);

  it('a gateway partition takes its city offline and fires CityLocksOffline for it', async () => {
    const answer = await fetch(`${stack.urls.demo}/api/incidents/gateway-partition`, { method: 'POST' });
    expect(answer.ok).toBe(true);
    const { detail } = (await answer.json()) as { detail: string };
    const city = /IoT gateway in (\w+) partitioned/.exec(detail)?.[1];
    expect(city).toBeDefined();
    const started = Date.now();
    const alertmanager = createAlertmanagerSource(stack.sources.find((s) => s.kind === 'alertmanager') as SourceConfigOf<'alertmanager'>);
    const firing = await waitFor(`CityLocksOffline{city="${city}"} in Alertmanager`, async () =>
      (await alertmanager.alerts!.listAlerts()).find((a) => a.name === 'CityLocksOffline' && a.labels.city === city),
    { timeoutMs: 60_000, intervalMs: 1_000 });
    console.log(`CityLocksOffline for ${city} reached Alertmanager ${((Date.now() - started) / 1000).toFixed(1)} s after the partition started`);
    expect(firing.state).toBe('firing');
    const online = await instant('city:lock_online:ratio');
    for (const s of online) {
      if (s.labels.city === city) expect(s.value).toBeLessThan(0.8);
      else expect(s.value).toBeGreaterThan(0.9);
    }
  }, 120_000);
});
