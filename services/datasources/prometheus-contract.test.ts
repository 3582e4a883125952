import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult, Series } from '../../shared';
import { recordingRules } from '../../shared/rules/lockstep-rules';
import { PAIR_TIMING, startMetricsPair, type MetricsPair } from '../../stack/servers/metrics-pair';
import { skipUnlessInstalled, waitFor } from '../../testing';
import { warRoomDashboard } from '../dashboards/war-room';
import { createPrometheusSource } from './prometheus';
import { SourceError, type DataSource, type MetricsCapability } from './types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// A week-earlier target (`… offset 1w`) has no data on a pair started for the test: it is compared on the stack, with its backfilled week (stack/stack.test.ts).
const dashboardExprs = warRoomDashboard.panels.flatMap((panel) => (panel.kind === 'logs' ? [] : panel.targets.map((t) => t.expr).filter((expr) => !/\soffset\s/.test(expr))));

/** The mean of each series over the window, keyed by its label set. */
function means(result: QueryResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of result.series) {
    const values = s.values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (values.length > 0) out.set(key(s), values.reduce((a, b) => a + b, 0) / values.length);
  }
  return out;
}

function key(series: Series): string {
  return JSON.stringify(Object.entries(series.labels).filter(([name]) => name !== 'job' && name !== 'instance').sort());
}

/** Points of the last 20 s (a 1 s step) each series must have on both servers before they are compared. */
const MIN_POINTS = 14;
/** The 12 s compared, their 15 s rate windows, and the first scrapes' few seconds. */
const FIRST_WINDOW_CLEAR_MS = 35_000;

/**
 * How far VictoriaMetrics may be from Prometheus on a panel: its rate() does not
 * extrapolate to the window's edges and the two scrape the fleet at different instants,
 * so rates differ by a few percent (up to 7 % measured) and quantiles by more (up to 20 %);
 * ratios of two rates by about 0.01, except a small city's Bluetooth ratio: a few attempts a
 * second, each counted in a different window by each server, moved it 0.058 apart in one CI
 * run (2026-12-02). A wrong query or label set is off by far more than 0.1.
 */
function tolerance(expr: string, prometheusValue: number): number {
  if (expr.includes(':ratio')) return 0.1;
  // A p95 from a few dozen observations moves with every one the two count differently.
  if (expr.includes(':p95')) return Math.abs(prometheusValue) * 0.4;
  return Math.abs(prometheusValue) * 0.2;
}

/**
 * A recorded p95's rule with another quantile, on the pair's rate window: where the 95th
 * percentile falls on the cliff between the fast unlocks and the timeouts' tail, a few
 * observations counted in a different window move it seconds (3.3 s on one server, 1.8 s on
 * the other, in one run), yet it stays between the same data's 90th and 99th percentiles.
 */
function quantileExpr(record: string, q: number): string | undefined {
  const rule = recordingRules.find((r) => r.record === record);
  if (!rule || !rule.expr.startsWith('histogram_quantile(0.95,')) return undefined;
  return rule.expr.replace('histogram_quantile(0.95,', `histogram_quantile(${q},`).split('[1m]').join(`[${PAIR_TIMING.rateWindow}]`);
}

describe.skipIf(skipUnlessInstalled(['prometheus', 'victoriaMetrics', 'vmalert'], 'Prometheus API contract tests'))(
  'the Prometheus API against real Prometheus 2.42 and VictoriaMetrics 1.79 with vmalert',
  () => {
    let pair: MetricsPair;
    let prometheus: DataSource;
    let victoria: DataSource;
    const metrics = (ds: DataSource): MetricsCapability => ds.metrics!;

    beforeAll(async () => {
      pair = await startMetricsPair({ root: ROOT, locks: 20_000 });
      prometheus = createPrometheusSource({ id: 'prom', name: 'Prometheus', kind: 'prometheus', url: pair.prometheus.url, timeoutMs: 5_000 });
      victoria = createPrometheusSource({ id: 'vm', name: 'VictoriaMetrics', kind: 'prometheus', url: pair.victoria.url, timeoutMs: 5_000 });
      // Every dashboard query has 20 s of recorded history on both: longer than the 15 s rate window.
      // On a quiet machine this takes about 30 s (VictoriaMetrics answers ~15 s after Prometheus). Means
      // over a window with a few seconds missing still compare, so 14 of 20 (70 %) will do. The fleet
      // runs at the evening peak's demand whatever the hour (stack/servers/metrics-pair.ts): at night's
      // demand a small city's Bluetooth ratio had no value in most seconds (0/0), and this wait timed out.
      await waitFor('both servers to hold 20 s of every recorded series', async () => {
        const end = Date.now();
        // And every rate window compared starts after the first scrape: VictoriaMetrics counts a counter's first
        // sample as an increase from zero, so a window reaching back before it read funnel rates 1.2–2× Prometheus's.
        if (end - pair.startedAt < FIRST_WINDOW_CLEAR_MS) throw new Error(`the pair has scraped for ${Math.round((end - pair.startedAt) / 1000)} s of ${FIRST_WINDOW_CLEAR_MS / 1000}`);
        for (const ds of [prometheus, victoria]) {
          for (const expr of dashboardExprs) {
            const result = await metrics(ds).queryRange({ expr, start: end - 20_000, end, stepSeconds: 1 });
            const fewest = result.series.length === 0 ? 0 : Math.min(...result.series.map((s) => s.values.filter((v) => v !== null).length));
            // Thrown, not returned, so a timeout names the query and the server still short of data.
            if (fewest < MIN_POINTS) throw new Error(`${ds.name} has ${fewest} of ${MIN_POINTS} points for ${expr} (${result.series.length} series)`);
          }
        }
        return true;
      }, { timeoutMs: 150_000, intervalMs: 1000 });
    }, 180_000);
    afterAll(async () => {
      await pair?.stop();
    });

    it('answers every dashboard query with the same series from both, within tolerance', async () => {
      const end = Date.now() - 2_000;
      const report: string[] = [];
      // Printed pass or fail: a failure then shows every value beside the one over tolerance.
      try {
        for (const expr of dashboardExprs) {
          const request = { expr, start: end - 10_000, end, stepSeconds: 1 };
          const [fromProm, fromVm] = await Promise.all([metrics(prometheus).queryRange(request), metrics(victoria).queryRange(request)]);
          const p = means(fromProm);
          const v = means(fromVm);
          expect([...v.keys()].sort(), expr).toEqual([...p.keys()].sort());
          for (const [labels, pv] of p) {
            const vv = v.get(labels)!;
            report.push(`${expr} ${labels}: Prometheus ${pv.toFixed(4)}, VictoriaMetrics ${vv.toFixed(4)}`);
            if (Math.abs(vv - pv) <= tolerance(expr, pv)) continue;
            const [low, high] = [quantileExpr(expr, 0.9), quantileExpr(expr, 0.99)];
            if (low === undefined || high === undefined) {
              expect(Math.abs(vv - pv), `${expr} ${labels}`).toBeLessThanOrEqual(tolerance(expr, pv));
              continue;
            }
            const [p90, p99] = await Promise.all([low, high].map(async (q) => means(await metrics(prometheus).queryRange({ ...request, expr: q })).get(labels)));
            report.push(`  outside 40 %; Prometheus's p90 ${p90?.toFixed(4)} and p99 ${p99?.toFixed(4)} over the same window`);
            expect(vv, `${expr} ${labels}: VictoriaMetrics's p95 against Prometheus's p90`).toBeGreaterThanOrEqual((p90 ?? Infinity) * 0.9);
            expect(vv, `${expr} ${labels}: VictoriaMetrics's p95 against Prometheus's p99`).toBeLessThanOrEqual((p99 ?? -Infinity) * 1.1);
          }
        }
      } finally {
        console.log(report.join('\n'));
      }
    });

    it('records 0, not nothing, for a service with traffic and no 5xx, on both', async () => {
      const time = Date.now() - 2_000;
      for (const ds of [prometheus, victoria]) {
        const instant = async (expr: string) => (await metrics(ds).query!({ expr, time })).samples;
        const serving = (await instant('sum by (service) (http_server_requests_total)')).map((s) => s.labels.service!);
        const withErrors = new Set((await instant('sum by (service) (http_server_requests_total{code=~"5.."})')).map((s) => s.labels.service!));
        // Services that never answered a 5xx have no 5xx series at all: the case the old rule recorded nothing for.
        const healthy = serving.filter((service) => !withErrors.has(service)).sort();
        expect(healthy.length).toBeGreaterThan(0);
        const recorded = await instant('service:http_server_errors:ratio_rate1m');
        expect(recorded.map((s) => s.labels.service).sort()).toEqual([...serving].sort());
        expect(recorded.filter((s) => healthy.includes(s.labels.service!)).map((s) => [s.labels.service, s.value])).toEqual(healthy.map((service) => [service, 0]));
      }
    });

    it('lists label values, label names and series the same way', async () => {
      const end = Date.now();
      const range = { start: end - 60_000, end };
      for (const ds of [prometheus, victoria]) {
        const cities = await metrics(ds).labelValues!('city', { ...range, match: ['lock_online'] });
        expect(cities.sort()).toEqual(['beijing', 'chengdu', 'hangzhou', 'shanghai', 'shenzhen']);
        const names = await metrics(ds).labelNames!({ ...range, match: ['lock_online'] });
        expect(names).toEqual(expect.arrayContaining(['__name__', 'city', 'firmware', 'instance', 'job', 'model']));
        const series = await metrics(ds).series!({ ...range, match: ['lock_devices{city="shenzhen"}'] });
        expect(series.length).toBeGreaterThan(0);
        expect(series.every((s) => s.__name__ === 'lock_devices' && s.city === 'shenzhen' && s.job === 'demo-fleet')).toBe(true);
      }
    });

    it('tells the products apart by their build info', async () => {
      // As the server reports it: Debian's build says 2.42.0+ds.
      const prom = await metrics(prometheus).buildInfo!();
      expect(prom.product).toBe('Prometheus');
      expect(prom.version).toMatch(/^2\.42\.0/);
      expect(prom.summary).toBe(`Prometheus ${prom.version}`);
      const vm = await metrics(victoria).buildInfo!();
      expect(vm.product).toBe('VictoriaMetrics');
      // Debian's build reports no version (vm_app_version{version=""}); an upstream one reports 1.79.x.
      if (vm.version !== undefined) expect(vm.version).toMatch(/^1\.79\./);
      else expect(vm.summary).toBe('VictoriaMetrics (version not reported)');
    });

    it('brings trace_id exemplars with the service latency panel from Prometheus; VictoriaMetrics keeps none', async () => {
      const end = Date.now();
      const expr = 'service:http_server_request_duration_seconds:p95_rate1m';
      const result = await metrics(prometheus).queryRange({ expr, start: end - 60_000, end, stepSeconds: 1 });
      const services = new Set(result.series.map((s) => s.labels.service));
      expect(result.exemplars?.length ?? 0).toBeGreaterThan(0);
      for (const exemplar of result.exemplars!) {
        expect(exemplar.traceId).toMatch(/^[0-9a-f]{16,32}$/);
        expect(services.has(exemplar.seriesLabels.service)).toBe(true);
        expect(exemplar.seriesLabels.__name__).toBe('http_server_request_duration_seconds_bucket');
        expect(exemplar.time).toBeGreaterThanOrEqual(end - 60_000);
        expect(exemplar.time).toBeLessThanOrEqual(end + 1_000);
      }
      const raw = await metrics(victoria).exemplars!({ expr: 'http_server_request_duration_seconds_bucket', start: end - 60_000, end });
      expect(raw).toEqual([]);
    });

    it('passes the error envelope on verbatim', async () => {
      const end = Date.now();
      const bad = { expr: 'sum(rate(lock_online[1m]', start: end - 60_000, end, stepSeconds: 5 };
      const fromProm = await metrics(prometheus).queryRange(bad).catch((e: unknown) => e);
      expect(fromProm).toBeInstanceOf(SourceError);
      expect((fromProm as SourceError).message).toBe('Prometheus refused the query (bad_data): 1:25: parse error: unclosed left parenthesis');
      expect((fromProm as SourceError).kind).toBe('rejected');
      const fromVm = await metrics(victoria).queryRange(bad).catch((e: unknown) => e);
      expect((fromVm as SourceError).message).toMatch(/^VictoriaMetrics refused the query \(422\): error when executing query="sum\(rate\(lock_online\[1m\]" on the time range .*unparsed data: ""$/);
    });

    it('lists the stack’s rules and alerts: Prometheus itself, VictoriaMetrics through vmalert', async () => {
      for (const ds of [prometheus, victoria]) {
        const groups = await waitFor('every recording rule to have been evaluated', async () => {
          const answer = await metrics(ds).rules!();
          const recording = answer.find((g) => g.name === 'lockstep-recording');
          return recording && recording.rules.every((r) => r.health === 'ok') ? answer : undefined;
        }, { timeoutMs: 10_000 });
        const recording = groups.find((g) => g.name === 'lockstep-recording')!;
        expect(recording.rules.map((r) => r.name)).toEqual(recordingRules.map((r) => r.record));
        expect(recording.rules.every((r) => r.type === 'recording')).toBe(true);
        const alerting = groups.find((g) => g.name === 'lockstep-alerts')!;
        expect(alerting.rules.find((r) => r.name === 'ServiceErrorRateHigh')).toMatchObject({ type: 'alerting', forSeconds: 3, labels: { severity: 'critical' } });
        const alerts = await metrics(ds).alerts!();
        expect(alerts.find((a) => a.labels.alertname === 'Watchdog')).toMatchObject({ state: 'firing', value: 1 });
      }
    });
  },
);
