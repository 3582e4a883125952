import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeApiForSuite } from '../../testing/fake-api';
import { TraceSearchRequestSchema, type TraceQuery } from '../../shared';
import { createJaegerSource } from './jaeger';
import { SourceError } from './types';

const recorded = (path: string) => readFileSync(new URL(`./testdata/${path}`, import.meta.url), 'utf8');
const sharedFixture = (name: string) => readFileSync(new URL(`../../shared/testdata/trace/${name}`, import.meta.url), 'utf8');
const GO_404 = '404 page not found\n';
const END = Date.UTC(2024, 5, 3, 10);
const query = (fields: Record<string, unknown> = {}): TraceQuery => {
  const parsed = TraceSearchRequestSchema.parse(fields);
  return { ...parsed, end: parsed.end ?? END };
};
const envelope = (data: unknown, errors: { code: number; msg: string }[] | null = null) => JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors });

/**
 * Stand-ins for Jaeger's published query APIs (no Jaeger can run here). Under /jaeger a
 * current query service: the legacy `/api/traces` search answering the built several-trace
 * envelope (recorded traces inside the published envelope), `/api/services` and
 * `/api/operations` with Grafana's and Jaeger's changelog answers. Under /old a Jaeger before
 * 1.16 (no `/api/operations`). Under /v3 one serving only the v3 API (the legacy routes
 * answer Go's "404 page not found"), with Jaeger's own v3 snapshots.
 */
const api = fakeApiForSuite((u, req, res) => {
  const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  const text = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  const [, prefix, path] = /^\/(jaeger|old|v3)(\/.*)$/.exec(u.pathname) ?? [];
  if (prefix === 'v3') {
    if (path === '/api/v3/traces') {
      return u.searchParams.get('query.service_name') === 'nobody'
        ? void json(404, '{"error":{"httpCode":404,"message":"No traces found"}}')
        : void json(200, sharedFixture('jaeger-v3-trace-local-2.21.0.json'));
    }
    if (path === '/api/v3/traces/0123456789abcdef0123456789abcdef') return void json(200, sharedFixture('jaeger-v3-trace-local-2.21.0.json'));
    if (path === '/api/v3/services') return void json(200, recorded('jaeger/apiv3-services.json'));
    if (path === '/api/v3/operations') return void json(200, recorded('jaeger/apiv3-operations.json'));
    return void text(404, GO_404);
  }
  if (path === '/api/traces') {
    const service = u.searchParams.get('service');
    if (!service) return void json(400, envelope(null, [{ code: 400, msg: "parameter 'service' is required" }]));
    if (service === 'broken') return void json(200, envelope([JSON.parse(recorded('jaeger/ui_01.json')), { traceID: 'ab', spans: 'not spans' }], [{ code: 500, msg: 'one shard timed out' }]));
    return void json(200, recorded('jaeger/search-several-traces-built.json'));
  }
  if (path === '/api/services') return void json(200, recorded('jaeger/services-grafana-mock.json'));
  if (path === '/api/operations' && prefix === 'jaeger') return void json(200, recorded('jaeger/operations-spankind-changelog.json'));
  if (path === '/api/services/service1/operations') return void json(200, recorded('jaeger/operations-legacy-grafana-mock.json'));
  text(404, GO_404);
});
const asked = api.asked;

const jaeger = (prefix: string) => createJaegerSource({ id: 'jaeger', name: 'Jaeger', kind: 'jaeger', url: `${api.url()}/${prefix}`, timeoutMs: 5000 }).traces!;

describe('Jaeger search (legacy query API)', () => {
  it('sends service, operation, tags as JSON, Go durations and µs times, and summarises every trace of the answer', async () => {
    const result = await jaeger('jaeger').searchTraces!(
      query({ service: 'loki-all', operation: 'CAS', tags: { 'sampler.type': 'const' }, minDurationUs: 500, maxDurationUs: 2_000_000, limit: 3, sort: 'longest' }),
    );
    expect(Object.fromEntries(asked.at(-1)!.searchParams)).toEqual({
      service: 'loki-all',
      operation: 'CAS',
      tags: '{"sampler.type":"const"}',
      minDuration: '500us',
      maxDuration: '2000000us',
      start: String((END - 3_600_000) * 1000),
      end: String(END * 1000),
      lookback: '3600s',
      limit: '3',
    });
    expect(result.traces.map((t) => [t.traceId, t.rootService, t.rootOperation, t.duration, t.spanCount, t.errorCount])).toEqual([
      ['f77950feed55c1ce91dd8e87896623a6', 'serviceName', 'root', 34_030, 4, 0],
      ['2ee9739529395e31', 'loki-all', 'CAS', 1004, 2, 0],
      ['0000000000000001', 'service-x', 'test-general-conversion', 5, 5, 1],
    ]);
    expect(result.traces[2]!.services).toEqual([
      { name: 'service-y', spanCount: 3, errorCount: 0 },
      { name: 'service-x', spanCount: 2, errorCount: 1 },
    ]);
    expect(result).toMatchObject({ warnings: [], limitReached: true });
  });

  it("keeps the readable traces of a partly failed answer and says what went wrong, in Jaeger's words", async () => {
    const result = await jaeger('jaeger').searchTraces!(query({ service: 'broken' }));
    expect(result.traces.map((t) => t.traceId)).toEqual(['0000000000000001']);
    expect(result.warnings).toEqual([
      'Jaeger reported: one shard timed out',
      "1 trace in Jaeger's answer could not be read and is left out (expected a Jaeger trace ({data: [...]}) but got an object with keys traceID, spans)",
    ]);
  });

  it('refuses, before asking, what Jaeger cannot search for', async () => {
    const before = asked.length;
    for (const [fields, words] of [
      [{}, 'Jaeger searches one service at a time: choose a service first'],
      [{ service: 'a', tags: { error: '' } }, 'Jaeger can only search for a tag with a value, and "error" has none'],
      [{ service: 'a', query: '{ status = error }' }, 'Jaeger has no query language of its own: search with the service, operation, tags and durations instead'],
    ] as const) {
      const error = await jaeger('jaeger').searchTraces!(query(fields)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'rejected', message: words });
    }
    expect(asked.length).toBe(before);
  });

  it('lists services and operations with their kind, and the names only from a Jaeger before 1.16', async () => {
    expect(await jaeger('jaeger').serviceNames!()).toEqual(['service1', 'service2']);
    expect(await jaeger('jaeger').operations!('user-service', 'server')).toEqual([
      { name: 'UserService::getExtendedUser', spanKind: 'server' },
      { name: 'UserService::getUserProfile', spanKind: 'server' },
    ]);
    expect(Object.fromEntries(asked.at(-1)!.searchParams)).toEqual({ service: 'user-service', spanKind: 'server' });
    const old = jaeger('old');
    expect(await old.operations!('service1')).toEqual([{ name: 'operation1' }, { name: 'operation2' }]);
    expect(asked.slice(-2).map((u) => u.pathname)).toEqual(['/old/api/operations', '/old/api/services/service1/operations']);
  });
});

describe('Jaeger search (v3 API only)', () => {
  it('falls back to /api/v3/traces with RFC 3339 times, reads its OTLP, and applies tags here with a warning', async () => {
    const v3 = jaeger('v3');
    const result = await v3.searchTraces!(query({ service: 'lfx-wire-probe', tags: { bytes: 'AQID' }, minDurationUs: 10, lookbackMs: 1000, end: 1786934400500 }));
    const sent = asked.at(-1)!;
    expect(sent.pathname).toBe('/v3/api/v3/traces');
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      'query.service_name': 'lfx-wire-probe',
      'query.start_time_min': '2026-08-17T02:39:59.500Z',
      'query.start_time_max': '2026-08-17T02:40:00.500Z',
      'query.duration_min': '10us',
      'query.search_depth': '20',
    });
    expect(result.traces.map((t) => [t.traceId, t.spanCount, t.errorCount, t.rootOperation])).toEqual([['0123456789abcdef0123456789abcdef', 3, 1, 'root-with-any-values']]);
    expect(result.warnings).toEqual(["Jaeger's v3 API cannot filter by tags: they were applied to the traces it returned, so fewer than the limit may show"]);
    const filtered = await v3.searchTraces!(query({ service: 'lfx-wire-probe', tags: { bytes: 'other' }, end: 1786934400500 }));
    expect(filtered.traces).toEqual([]);
  });

  it('reads "No traces found" as an empty result, and serves services, operations and traces by id from v3', async () => {
    const v3 = jaeger('v3');
    expect(await v3.searchTraces!(query({ service: 'nobody' }))).toEqual({ traces: [], warnings: [], limitReached: false });
    expect(await v3.serviceNames!()).toEqual(['foo']);
    expect(await v3.operations!('foo', 'server')).toEqual([{ name: 'get_users', spanKind: 'server' }]);
    expect(Object.fromEntries(asked.at(-1)!.searchParams)).toEqual({ service: 'foo', span_kind: 'server' });
    const trace = await v3.getTrace('0123456789ABCDEF0123456789ABCDEF');
    expect(trace.spans.map((s) => s.operation)).toEqual(['root-with-any-values', 'unset-kind-and-status', 'numeric-kind-and-status']);
  });
});
