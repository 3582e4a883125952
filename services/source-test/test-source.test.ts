import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warRoomDashboard } from '../dashboards/war-room';
import { sendJson, startServer, type TestServer } from '../http/testdata/transport-kit';
import { testSource } from './test-source';
import { olderThan, parseVersion, unsupportedVersion } from './versions';

/**
 * "Test" against small servers that answer as the products do (their endpoints and
 * shapes as documented: Prometheus buildinfo, Alertmanager v1/v2 status, Loki, Tempo's
 * echo, Zipkin, Elasticsearch's root and _count, Grafana's /api/health) — the cases the
 * real servers of core/source-settings.test.ts cannot play: an old version, a v1-only
 * Alertmanager, Grafana where Loki should be, a refusal.
 */

type Route = (req: IncomingMessage, res: ServerResponse) => boolean;
const get = (path: string, answer: (res: ServerResponse) => void): Route => (req, res) => {
  if (new URL(req.url ?? '/', 'http://x').pathname !== path) return false;
  answer(res);
  return true;
};
const notFound = (res: ServerResponse) => res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
const serve = (...routes: Route[]) => startServer((req, res) => void (routes.some((route) => route(req, res)) || notFound(res)));

const oldPrometheus = [
  get('/api/v1/query', (res) => sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1700000000, '1'] }] } })),
  get('/api/v1/status/buildinfo', (res) => sendJson(res, 200, { status: 'success', data: { version: '2.20.1', revision: 'abc', branch: 'HEAD', goVersion: 'go1.14' } })),
];
const alertmanagerV1 = [get('/api/v1/status', (res) => sendJson(res, 200, { status: 'success', data: { versionInfo: { version: '0.15.3' }, configYAML: 'route: {}' } }))];
const grafana = [get('/api/health', (res) => sendJson(res, 200, { commit: 'abc', database: 'ok', version: '10.2.0' }))];
const tempo = [
  get('/api/echo', (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('echo')),
  get('/api/status/buildinfo', (res) => sendJson(res, 200, { version: '2.3.1', revision: 'r', branch: 'HEAD' })),
];
const zipkin = [get('/api/v2/services', (res) => sendJson(res, 200, ['lock-service', 'payment-service']))];
const elasticsearch = (count: number) => [
  get('/', (res) => sendJson(res, 200, { name: 'node-1', cluster_name: 'logs', version: { number: '8.11.0' }, tagline: 'You Know, for Search' })),
  get('/logs-*/_count', (res) => sendJson(res, 200, { count, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } })),
];
const refusing: Route[] = [
  (_req, res) => {
    res.writeHead(401, { 'content-type': 'text/plain' }).end('token expired\n');
    return true;
  },
];

const servers: TestServer[] = [];
const start = async (...routes: Route[]) => {
  const server = await serve(...routes);
  servers.push(server);
  return server;
};
afterAll(() => Promise.all(servers.map((s) => s.close())));

const run = (source: Record<string, unknown>) => testSource(source, { dashboard: warRoomDashboard });

describe('Test, against servers that answer as the products do', () => {
  let urls: Record<string, TestServer>;
  beforeAll(async () => {
    urls = {
      oldPrometheus: await start(...oldPrometheus),
      alertmanagerV1: await start(...alertmanagerV1),
      grafana: await start(...grafana),
      tempo: await start(...tempo),
      zipkin: await start(...zipkin),
      elasticsearch: await start(...elasticsearch(1234)),
      emptyIndex: await start(...elasticsearch(0)),
      refusing: await start(...refusing),
    };
  });

  it('an unsupported version, and why', async () => {
    const result = await run({ kind: 'prometheus', id: 'p', name: 'Old Prometheus', url: urls.oldPrometheus!.url });
    expect(result).toMatchObject({
      ok: false,
      kind: 'unsupported_version',
      sentence: `127.0.0.1:${urls.oldPrometheus!.port} runs Prometheus 2.20.1, older than 2.24.0, the oldest Lockstep supports (match[] on label values came with 2.24.0, and Lockstep uses it to tell which series a source lacks) — upgrade it`,
    });
  });

  it('an Alertmanager too old for API v2', async () => {
    const result = await run({ kind: 'alertmanager', id: 'am', name: 'AM', url: urls.alertmanagerV1!.url });
    expect(result).toMatchObject({
      ok: false,
      kind: 'unsupported_version',
      sentence: `127.0.0.1:${urls.alertmanagerV1!.port} is Alertmanager 0.15.3, but it speaks only Alertmanager API v1; Lockstep needs API v2 (Alertmanager 0.16.0 or later) — upgrade it`,
    });
  });

  it('Grafana where Loki should be', async () => {
    const result = await run({ kind: 'loki', id: 'logs', name: 'Loki', url: urls.grafana!.url });
    expect(result).toMatchObject({ ok: false, kind: 'wrong_product', sentence: `127.0.0.1:${urls.grafana!.port} is Grafana 10.2.0, not Loki — check the URL (Loki usually listens on port 3100)` });
  });

  it('a 401, in the transport’s words', async () => {
    const result = await run({ kind: 'zipkin', id: 'z', name: 'Zipkin', url: urls.refusing!.url });
    expect(result).toMatchObject({ ok: false, kind: 'unauthorized', sentence: `Zipkin (127.0.0.1:${urls.refusing!.port}) refused the request (401 Unauthorized): token expired — it wants a sign-in: set "auth" on this source` });
  });

  it('Tempo, Zipkin and Elasticsearch answering, and an empty index said as such', async () => {
    expect((await run({ kind: 'tempo', id: 't', name: 'Tempo', url: urls.tempo!.url })).sentence).toBe('Tempo 2.3.1 answered');
    expect((await run({ kind: 'zipkin', id: 'z', name: 'Zipkin', url: urls.zipkin!.url })).sentence).toBe('Zipkin answered; 2 services traced');
    expect((await run({ kind: 'elasticsearch', id: 'es', name: 'Logs', url: urls.elasticsearch!.url, index: 'logs-*' })).sentence).toBe('Elasticsearch 8.11.0 answered; 1,234 documents in logs-*');
    expect(await run({ kind: 'elasticsearch', id: 'es', name: 'Logs', url: urls.emptyIndex!.url, index: 'logs-*' })).toMatchObject({
      ok: false,
      kind: 'no_data',
      sentence: 'Elasticsearch 8.11.0 answered, but logs-* holds no documents — check the index pattern',
    });
    // Tempo at Zipkin's address: its own echo is missing, and what is there is named.
    expect((await run({ kind: 'tempo', id: 't', name: 'Tempo', url: urls.zipkin!.url })).sentence).toBe(`127.0.0.1:${urls.zipkin!.port} is Zipkin, not Tempo — check the URL (Tempo usually listens on port 3200)`);
  });

  it('the embedded demo, only where the host has it', async () => {
    expect((await run({ kind: 'demo', id: 'demo', name: 'Demo' })).sentence).toBe('Source "demo" is the embedded demo fleet, which this host does not include.');
  });
});

describe('versions', () => {
  it('compare by number, with v prefixes and suffixes', () => {
    expect(parseVersion('v1.93.5')).toEqual([1, 93, 5]);
    expect(parseVersion('0.25.0-rc.1')).toEqual([0, 25, 0]);
    expect(parseVersion('2.9')).toEqual([2, 9, 0]);
    expect(parseVersion('main-abc')).toBeUndefined();
    expect(olderThan([2, 9, 0], [2, 24, 0])).toBe(true);
    expect(olderThan([2, 24, 0], [2, 24, 0])).toBe(false);
    expect(olderThan([3, 0, 0], [2, 24, 0])).toBe(false);
    expect(unsupportedVersion('Prometheus', '2.42.0', 'h')).toBeUndefined();
    expect(unsupportedVersion('VictoriaMetrics', '0.1.0', 'h')).toBeUndefined();
    expect(unsupportedVersion('Elasticsearch', '2.4.6', 'es:9200')).toBe(
      'es:9200 runs Elasticsearch 2.4.6, older than 5.0.0, the oldest Lockstep supports (Lockstep pages logs with search_after, which came with 5.0) — upgrade it',
    );
  });
});
