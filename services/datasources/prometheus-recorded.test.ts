import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordingRules } from '../../shared/rules/lockstep-rules';
import type { SourceConfigOf } from '../config/sources';
import { createPrometheusSource } from './prometheus';
import { decodeExemplars, MAX_EXEMPLARS } from './prometheus-exemplars';
import { ExemplarsDataSchema } from './prometheus-schemas';
import { SourceError, type MetricsCapability } from './types';

/**
 * The connector against the real answers `npm run record` wrote (testdata/…/recorded):
 * Prometheus 2.42 and VictoriaMetrics 1.79 with vmalert, both on the demo fleet with the
 * stack's rules. A replay server serves each recording for the request it answered.
 */
const IndexSchema = z.object({
  requests: z.array(
    z.object({
      name: z.string(),
      method: z.string(),
      path: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
      status: z.number(),
      contentType: z.string().nullable(),
      file: z.string(),
    }),
  ),
});
type Recording = z.infer<typeof IndexSchema>['requests'][number];

const testdata = (path: string) => new URL(`./testdata/${path}`, import.meta.url);
const read = (path: string) => readFileSync(testdata(path), 'utf8');

interface Replay {
  url: string;
  lastHeaders: () => IncomingHttpHeaders;
  close(): Promise<void>;
}

async function replay(product: 'prometheus' | 'victoriametrics', extra: Record<string, { status: number; body: string }> = {}): Promise<Replay> {
  const { requests } = IndexSchema.parse(JSON.parse(read(`${product}/recorded/index.json`)));
  let headers: IncomingHttpHeaders = {};
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      headers = req.headers;
      const url = new URL(req.url ?? '/', 'http://replay');
      const own = extra[url.pathname];
      if (own) return void res.writeHead(own.status, { 'content-type': 'application/json' }).end(own.body);
      const params = req.method === 'POST' ? new URLSearchParams(body) : url.searchParams;
      const match = requests.find((r: Recording) => r.method === req.method && r.path === url.pathname && (r.params.query === undefined || r.params.query === params.get('query')));
      if (!match) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      res.writeHead(match.status, { 'content-type': match.contentType ?? 'text/plain' }).end(read(`${product}/recorded/${match.file}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lastHeaders: () => headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function metricsOf(url: string, name: string, extra: Partial<SourceConfigOf<'prometheus'>> = {}): MetricsCapability {
  return createPrometheusSource({ id: 'src', name, kind: 'prometheus', url, timeoutMs: 5_000, ...extra }).metrics!;
}

const hour = { start: Date.now() - 3_600_000, end: Date.now() };

for (const product of ['prometheus', 'victoriametrics'] as const) {
  const name = product === 'prometheus' ? 'Prometheus' : 'VictoriaMetrics';
  describe(`the Prometheus connector on ${name}'s recorded answers`, () => {
    let server: Replay;
    let metrics: MetricsCapability;
    beforeAll(async () => {
      server = await replay(product);
      metrics = metricsOf(server.url, name);
    });
    afterAll(() => server.close());

    it('decodes the service error ratios, one series per service, every value a ratio', async () => {
      const recorded = JSON.parse(read(`${product}/recorded/query_range_service_errors.json`)) as { data: { result: { metric: Record<string, string> }[] } };
      const result = await metrics.queryRange({ expr: 'service:http_server_errors:ratio_rate1m', ...hour, stepSeconds: 5 });
      expect(result.series.map((s) => s.labels.service)).toEqual(recorded.data.result.map((r) => r.metric.service));
      expect(result.series.every((s) => s.name === 'service:http_server_errors:ratio_rate1m' && s.values.every((v) => v === null || (v >= 0 && v <= 1)))).toBe(true);
      expect(result.warnings).toEqual([]);
    });

    it('passes the error envelope on verbatim', async () => {
      const recorded = JSON.parse(read(`${product}/recorded/query_range_bad_data.json`)) as { errorType: string; error: string };
      const error = await metrics.queryRange({ expr: 'sum(rate(lock_online[1m]', ...hour, stepSeconds: 5 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).message).toBe(`${name} refused the query (${recorded.errorType}): ${recorded.error}`);
      expect(recorded.errorType).toBe(product === 'prometheus' ? 'bad_data' : '422');
      expect((error as SourceError).kind).toBe('rejected');
    });

    it('answers instant queries: a vector per service and a scalar', async () => {
      const vector = await metrics.query!({ expr: 'service:http_server_errors:ratio_rate1m', time: hour.end });
      expect(vector.resultType).toBe('vector');
      expect(vector.samples.length).toBeGreaterThanOrEqual(4);
      expect(vector.samples.every((s) => s.name === 'service:http_server_errors:ratio_rate1m' && typeof s.value === 'number' && s.time > 0)).toBe(true);
      const scalar = await metrics.query!({ expr: 'scalar(count(city:lock_online:ratio))', time: hour.end });
      // VictoriaMetrics answers scalar() as a vector of one unlabelled sample; Prometheus as a scalar.
      expect(scalar).toMatchObject({ resultType: product === 'prometheus' ? 'scalar' : 'vector', samples: [{ value: 5, labels: {} }] });
    });

    it('looks up label values, label names and series for completion', async () => {
      expect((await metrics.labelValues!('city', { match: ['lock_online'], ...hour })).sort()).toEqual(['beijing', 'chengdu', 'hangzhou', 'shanghai', 'shenzhen']);
      expect(await metrics.labelNames!({ match: ['lock_online'], ...hour })).toEqual(['__name__', 'city', 'firmware', 'instance', 'job', 'model']);
      const series = await metrics.series!({ match: ['lock_devices{city="shenzhen"}'], ...hour });
      expect(series.length).toBeGreaterThan(0);
      expect(series.every((s) => s.__name__ === 'lock_devices' && s.city === 'shenzhen')).toBe(true);
      await expect(metrics.labelValues!('city"} or vector(1', {})).rejects.toThrow(/is not a label name/);
    });

    it('lists the stack’s rules and the firing alerts', async () => {
      const groups = await metrics.rules!();
      const recording = groups.find((g) => g.name === 'lockstep-recording')!;
      // Every shipped recording rule, in order: `npm run record` after a rule changes keeps these answers current.
      expect(recording.rules.map((r) => r.name)).toEqual(recordingRules.map((r) => r.record));
      expect(recording.rules.every((r) => r.type === 'recording' && r.health === 'ok')).toBe(true);
      const rule = groups.find((g) => g.name === 'lockstep-alerts')!.rules.find((r) => r.name === 'ServiceErrorRateHigh')!;
      expect(rule).toMatchObject({ type: 'alerting', forSeconds: 3, labels: { severity: 'critical', domain: 'software' } });
      const watchdog = (await metrics.alerts!()).find((a) => a.labels.alertname === 'Watchdog')!;
      expect(watchdog.state).toBe('firing');
      expect(watchdog.value).toBe(1);
      expect(watchdog.activeAt).toBeGreaterThan(Date.parse('2026-01-01'));
    });

    it('tells which product it is', async () => {
      const build = await metrics.buildInfo!();
      if (product === 'prometheus') expect(build).toEqual({ product: 'Prometheus', version: '2.42.0+ds', summary: 'Prometheus 2.42.0+ds' });
      // Debian's build sends buildinfo {} and vm_app_version{version=""}: known by name, version unknown.
      else expect(build).toEqual({ product: 'VictoriaMetrics', summary: 'VictoriaMetrics (version not reported)' });
    });

    it(product === 'prometheus' ? 'brings the latency panel its trace_id exemplars' : 'brings no exemplars: VictoriaMetrics 1.79 keeps none', async () => {
      const result = await metrics.queryRange({ expr: 'service:http_server_request_duration_seconds:p95_rate1m', ...hour, stepSeconds: 5 });
      if (product === 'victoriametrics') return expect(result.exemplars).toBeUndefined();
      const services = new Set(result.series.map((s) => s.labels.service));
      const raw = ExemplarsDataSchema.parse((JSON.parse(read('prometheus/recorded/query_exemplars.json')) as { data: unknown }).data);
      const all = decodeExemplars(raw);
      const kept = result.exemplars!;
      expect(all.length).toBeGreaterThan(MAX_EXEMPLARS);
      expect(kept.length).toBeLessThanOrEqual(MAX_EXEMPLARS);
      expect(kept.length).toBeGreaterThan(MAX_EXEMPLARS / 2);
      expect(kept.every((e) => /^[0-9a-f]{16}$/.test(e.traceId ?? '') && services.has(e.seriesLabels.service))).toBe(true);
      expect(kept.every((e) => all.some((a) => a.traceId === e.traceId && a.time === e.time && a.value === e.value))).toBe(true);
      // Thinned per service and time slot, keeping the slowest: every service keeps some, and the slowest request of all stays.
      expect(new Set(kept.map((e) => e.seriesLabels.service))).toEqual(new Set(all.map((e) => e.seriesLabels.service)));
      const slowest = all.reduce((a, b) => (b.value > a.value ? b : a));
      expect(kept).toContainEqual(slowest);
    });
  });
}

describe('exemplar answers from the Prometheus docs and from Grafana', () => {
  it('reads trace_id (OpenMetrics clients) and traceID (Tempo span metrics), in ms, oldest first', () => {
    const docs = decodeExemplars(ExemplarsDataSchema.parse(JSON.parse(read('prometheus/query_exemplars-docs.json')).data));
    expect(docs.map((e) => [e.traceId, e.value, e.time])).toEqual([
      ['EpTxMJ40fUus7aGY', 6, 1600096945479],
      ['Olp9XHlq763ccsfa', 19, 1600096955479],
      ['hCtjygkIHwAN9vs4', 20, 1600096965489],
    ]);
    const tempo = decodeExemplars(ExemplarsDataSchema.parse(JSON.parse(read('prometheus/query_exemplars-grafana-trimmed.json')).data));
    expect(tempo.length).toBeGreaterThan(0);
    expect(tempo.every((e) => typeof e.traceId === 'string' && e.traceId.length > 0 && e.seriesLabels.source === 'tempo')).toBe(true);
  });
});

describe('tenancy and products this machine cannot run', () => {
  let server: Replay;
  beforeAll(async () => {
    server = await replay('prometheus', {
      // Mimir's buildinfo names it (shape from Mimir's API reference and public probes of it).
      '/mimir/api/v1/status/buildinfo': { status: 200, body: '{"status":"success","data":{"application":"Grafana Mimir","version":"2.15.0"}}' },
      // Mimir and Cortex without X-Scope-OrgID: 401 and the text "no org id".
      '/mimir-no-tenant/api/v1/query_range': { status: 401, body: 'no org id\n' },
      // The timeout envelope from Prometheus's own API tests (testdata/prometheus/error-timeout-with-data.json).
      '/slow/api/v1/query_range': { status: 503, body: read('prometheus/error-timeout-with-data.json') },
    });
  });
  afterAll(() => server.close());

  it('sends the tenant as X-Scope-OrgID, or as THANOS-TENANT when told', async () => {
    await metricsOf(server.url, 'Mimir', { tenant: 'fleet-eu' }).labelNames!({});
    expect(server.lastHeaders()['x-scope-orgid']).toBe('fleet-eu');
    await metricsOf(server.url, 'Thanos', { tenant: 'fleet-eu', tenantHeader: 'THANOS-TENANT' }).labelNames!({});
    expect(server.lastHeaders()['thanos-tenant']).toBe('fleet-eu');
    expect(server.lastHeaders()['x-scope-orgid']).toBeUndefined();
  });

  it('says a multi-tenant server needs a tenant', async () => {
    const error = await metricsOf(`${server.url}/mimir-no-tenant`, 'Mimir').queryRange({ expr: 'up', ...hour, stepSeconds: 60 }).catch((e: unknown) => e);
    expect((error as SourceError).message).toBe(
      `Mimir (${new URL(server.url).host}) is multi-tenant and needs a tenant: set "tenant" on this source (sent as X-Scope-OrgID). It said: no org id`,
    );
  });

  it('words a timeout envelope as a timeout', async () => {
    const error = (await metricsOf(`${server.url}/slow`, 'Prometheus').queryRange({ expr: 'up', ...hour, stepSeconds: 60 }).catch((e: unknown) => e)) as SourceError;
    expect(error.message).toBe('Prometheus timed out running the query (timeout): message');
    expect(error.kind).toBe('timeout');
  });

  it('knows Mimir by its buildinfo', async () => {
    expect(await metricsOf(`${server.url}/mimir`, 'Metrics').buildInfo!()).toEqual({ product: 'Mimir', version: '2.15.0', summary: 'Mimir 2.15.0' });
  });
});
