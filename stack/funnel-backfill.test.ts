import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusSource } from '../services/datasources/prometheus';
import type { SourceConfigOf } from '../services/config/sources';
import { BACKFILL_HOURS, funnelHistoryOpenMetrics } from './funnel-backfill';
import { skipUnlessInstalled } from './process/binaries';
import { startStack, type Stack } from './start-stack';

const WEEK = 7 * 86_400_000;

describe('the funnel history as OpenMetrics', () => {
  it('is one gauge family per recorded name, a sample a minute per series, ending a minute before the start', () => {
    const end = Date.UTC(2026, 0, 5, 6, 0, 30);
    const { text, samples } = funnelHistoryOpenMetrics({ endMs: end, locks: 2_000, hours: 24 });
    const lines = text.split('\n');
    expect(lines[0]).toBe('# TYPE city_step:ride_funnel_events:rate1m gauge');
    expect(lines[1]).toMatch(/^city_step:ride_funnel_events:rate1m\{city="shenzhen",step="app_open"\} \d+\.\d{4} 1767506340$/);
    expect(lines.filter((l) => l.startsWith('# TYPE'))).toEqual(['# TYPE city_step:ride_funnel_events:rate1m gauge', '# TYPE step:ride_funnel_events:rate1m gauge']);
    expect(lines.slice(-2)).toEqual(['# EOF', '']);
    // 5 cities × 7 steps + 7 steps, 1441 minutes each.
    expect(samples).toBe(42 * 1441);
    expect(lines.at(-3)).toMatch(/^step:ride_funnel_events:rate1m\{step="payment_success"\} \d+\.\d{4} 1767592740$/);
  });
});

const skip = !existsSync(join(process.cwd(), 'demo', 'cli.ts')) || skipUnlessInstalled(['prometheus', 'alertmanager', 'promtool'], 'the funnel backfill on the local stack');

describe.skipIf(skip)('the local stack’s backfilled week, on a real Prometheus', () => {
  let stack: Stack;
  let dataDir: string;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lockstep-funnel-stack-'));
    stack = await startStack({ fast: true, locks: 2_000, scheduledIncidents: false, dataDir, log: (line) => lines.push(line) });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the funnel a week earlier per city and step from the first query, and says how long the backfill took', async () => {
    expect(stack.funnelHistory?.samples).toBe(42 * (BACKFILL_HOURS * 60 + 1));
    console.log(`funnel backfill: ${stack.funnelHistory?.samples} samples in ${stack.funnelHistory?.ms} ms`);
    expect(lines).toContain(`Backfilled a week of funnel history (${stack.funnelHistory?.samples} samples) in ${((stack.funnelHistory?.ms ?? 0) / 1000).toFixed(1)} s.`);
    const prometheus = createPrometheusSource(stack.sources.find((s) => s.kind === 'prometheus') as SourceConfigOf<'prometheus'>);
    const end = Date.now();
    const perCity = await prometheus.metrics!.queryRange({ expr: 'city_step:ride_funnel_events:rate1m{city=~"beijing|chengdu"} offset 1w', start: end - 30 * 60_000, end, stepSeconds: 60 });
    expect(perCity.series).toHaveLength(14);
    expect(new Set(perCity.series.map((s) => s.labels.city))).toEqual(new Set(['beijing', 'chengdu']));
    expect(perCity.series.every((s) => s.values.length === 31 && s.values.every((v) => v !== null && v >= 0))).toBe(true);
    const all = await prometheus.metrics!.queryRange({ expr: 'step:ride_funnel_events:rate1m offset 1w', start: end - 30 * 60_000, end, stepSeconds: 60 });
    expect(all.series.map((s) => s.labels.step).sort()).toEqual(['app_open', 'payment_success', 'ride_end', 'ride_start', 'scan', 'unlock_request', 'unlock_success']);
    // It reaches back a week and 6 hours, no further.
    const before = await prometheus.metrics!.queryRange({ expr: 'step:ride_funnel_events:rate1m', start: end - WEEK - 8 * 3_600_000, end: end - WEEK - 7 * 3_600_000, stepSeconds: 60 });
    expect(before.series).toEqual([]);
  }, 60_000);
});
