import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from './fleet/fleet';
import { startDemoServer, type DemoServer } from './server';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);
let fleet: Fleet;
let server: DemoServer;

beforeAll(async () => {
  fleet = new Fleet({ locks: 5000, unlocksPerSecond: 4, now: () => T0 });
  server = await startDemoServer(fleet, { port: 0 });
  // Events after the exporter is attached, so counters and exemplars have data.
  for (let i = 0; i < 60; i++) fleet.tick(5000); // 5 minutes: rides end, so payments happen too
});
afterAll(async () => {
  await server.close();
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('the demo HTTP server', () => {
  it('binds loopback on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves OpenMetrics with the metric contract and trace_id exemplars', async () => {
    const res = await get('/metrics');
    expect(res.headers.get('content-type')).toContain('application/openmetrics-text');
    const body = await res.text();
    for (const [name, type] of [
      ['lock_devices', 'gauge'],
      ['lock_online', 'gauge'],
      ['lock_battery_percent', 'histogram'],
      ['lock_heartbeat_age_seconds', 'histogram'],
      ['lock_unlock_requests', 'counter'],
      ['lock_unlock_duration_seconds', 'histogram'],
      ['ride_funnel_events', 'counter'],
      ['payment_requests', 'counter'],
      ['http_server_requests', 'counter'],
      ['http_server_request_duration_seconds', 'histogram'],
      ['deploy_info', 'gauge'],
    ]) {
      expect(body).toContain(`# TYPE ${name} ${type}`);
    }
    expect(body).toMatch(/lock_unlock_requests_total\{city="shenzhen",channel="gprs",result="success"\} [1-9]/);
    expect(body).toMatch(/http_server_request_duration_seconds_bucket\{le="[^"]+",service="[^"]+",route="[^"]+"\} \d+ # \{trace_id="[0-9a-f]{16}"\} [\d.e-]+ [\d.]+/);
    expect(body).toContain('deploy_info{service="lock-service",color="blue",version="1.18.4",active="true"} 1');
    expect(body).toMatch(/lock_battery_percent_bucket\{city="beijing",le="\+Inf"\} \d+/);
    expect(body.trimEnd().endsWith('# EOF')).toBe(true);
  });

  it('exposes every lock\'s last heartbeat as lock_last_seen_timestamp_seconds{city,lock_id,channel}, before # EOF', async () => {
    const body = await (await get('/metrics')).text();
    expect(body).toContain('# TYPE lock_last_seen_timestamp_seconds gauge');
    const samples = [...body.matchAll(/^lock_last_seen_timestamp_seconds\{city="([a-z]+)",lock_id="(L\d{7})",channel="(gprs|bluetooth)"\} ([\d.]+)$/gm)];
    expect(samples).toHaveLength(5000);
    expect(new Set(samples.map((m) => m[2])).size).toBe(5000);
    const first = samples.find((m) => m[2] === 'L0000000')!;
    expect(first[1]).toBe('shenzhen');
    expect(Number(first[4])).toBe(Math.round(fleet.locks.lastHeartbeat[0]!) / 1000);
    expect(new Set(samples.map((m) => m[3]))).toEqual(new Set(['gprs', 'bluetooth']));
    expect(body.indexOf('lock_last_seen_timestamp_seconds{')).toBeLessThan(body.lastIndexOf('# EOF'));
    expect(body.match(/^# EOF$/gm)).toHaveLength(1);
  });

  it('refuses requests for another Host', async () => {
    const { request } = await import('node:http');
    const port = Number(new URL(server.url).port);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/healthz', headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await get('/healthz')).status).toBe(200);
  });

  it('answers the Zipkin v2 subset', async () => {
    const services = (await (await get('/api/v2/services')).json()) as string[];
    expect(services).toEqual(expect.arrayContaining(['app-gateway', 'lock-service', 'payment-service', 'wallet-db']));
    const traces = (await (await get('/api/v2/traces?serviceName=lock-service&limit=3')).json()) as Array<Array<{ traceId: string; localEndpoint: { serviceName: string } }>>;
    expect(traces).toHaveLength(3);
    expect(traces.every((t) => t.some((s) => s.localEndpoint.serviceName === 'lock-service'))).toBe(true);
    const id = traces[0]![0]!.traceId;
    const trace = (await (await get(`/api/v2/trace/${id}`)).json()) as Array<{ traceId: string }>;
    expect(trace.length).toBeGreaterThan(5);
    expect(trace.every((s) => s.traceId === id)).toBe(true);
    expect((await get('/api/v2/trace/0123456789abcdef')).status).toBe(404);
  });

  it('answers Loki query_range in Loki’s stream shape, with text errors', async () => {
    const q = encodeURIComponent('{service="lock-service"} |= "unlock"');
    const res = await get(`/loki/api/v1/query_range?query=${q}&start=${(T0 - 60_000) * 1e6}&end=${(T0 + 120_000) * 1e6}&limit=50`);
    const body = (await res.json()) as { status: string; data: { resultType: string; result: Array<{ stream: Record<string, string>; values: Array<[string, string]> }> } };
    expect(body.status).toBe('success');
    expect(body.data.resultType).toBe('streams');
    const values = body.data.result.flatMap((r) => r.values);
    expect(values.length).toBeGreaterThan(0);
    expect(values.length).toBeLessThanOrEqual(50);
    expect(body.data.result.every((r) => r.stream.service === 'lock-service')).toBe(true);
    for (const [ns, line] of values) {
      expect(ns).toMatch(/^\d{19}$/);
      expect((JSON.parse(line) as { msg: string }).msg).toContain('unlock');
    }
    const bad = await get(`/loki/api/v1/query_range?query=${encodeURIComponent('sum(rate({service="x"}[1m]))')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('text/plain');
    expect(await bad.text()).toMatch(/LogQL subset/);
  });

  it('lists and switches deployments, validating the body', async () => {
    const list = (await (await get('/api/deployments')).json()) as { deployments: Array<{ service: string; active: string }> };
    expect(list.deployments.map((d) => d.service)).toContain('lock-service');
    const post = (path: string, body: string) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const switched = await post('/api/deployments/ride-service/switch', '{"color":"green"}');
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ service: 'ride-service', active: 'green' });
    expect((await post('/api/deployments/nope/switch', '{"color":"green"}')).status).toBe(404);
    expect((await post('/api/deployments/ride-service/switch', '{"color":"purple"}')).status).toBe(400);
    expect((await post('/api/deployments/ride-service/switch', 'not json')).status).toBe(400);
    await post('/api/deployments/ride-service/switch', '{"color":"blue"}');
  });

  it('lists and triggers incidents', async () => {
    const before = (await (await get('/api/incidents')).json()) as { active: unknown[]; names: string[] };
    expect(before.names).toEqual(['bad-release', 'payment-outage', 'gateway-partition']);
    const res = await fetch(`${server.url}/api/incidents/bad-release`, { method: 'POST' });
    expect(await res.json()).toMatchObject({ name: 'bad-release' });
    const after = (await (await get('/api/incidents')).json()) as { active: Array<{ name: string }> };
    expect(after.active.map((i) => i.name)).toContain('bad-release');
    expect((await fetch(`${server.url}/api/incidents/nope`, { method: 'POST' })).status).toBe(404);
    const metrics = await (await get('/metrics')).text();
    expect(metrics).toMatch(/deploy_info\{service="lock-service",color="green",version="1\.19\.0",active="true"\} 1/);
  });
});
