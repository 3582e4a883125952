import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLokiSource, decodeLokiStreams } from './loki';

const recorded = (name: string) => readFileSync(new URL(`./testdata/loki/${name}`, import.meta.url), 'utf8');

/**
 * A stand-in for Loki's published HTTP API (no Loki can run here). It serves the recorded
 * documentation bodies from /loki/api/v1/query_range and answers errors as Loki does: plain
 * text, 400 for LogQL parse errors, 401 "no org id" when multi-tenant and the header is missing.
 */
const requests: { url: URL; tenant?: string }[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    const tenant = req.headers['x-scope-orgid'] as string | undefined;
    requests.push({ url: parsed, tenant });
    if (parsed.pathname !== '/loki/api/v1/query_range' && parsed.pathname !== '/mt/loki/api/v1/query_range') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    if (parsed.pathname.startsWith('/mt') && !tenant) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('no org id\n');
      return;
    }
    const query = parsed.searchParams.get('query') ?? '';
    if (!query.startsWith('{') && !query.includes('(')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('parse error at line 1, col 1: syntax error: unexpected IDENTIFIER\n');
      return;
    }
    const body = /rate\(|count_over_time\(/.test(query) ? recorded('query_range_matrix.json') : recorded('query_range_streams.json');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (path = '', tenant?: string) =>
  createLokiSource({ id: 'loki', name: 'Loki', kind: 'loki', url: `${url}${path}`, timeoutMs: 5000, tenant });
const request = (query: string) => ({ query, start: 1569266490000, end: 1569266500000, limit: 100 });

describe('createLokiSource', () => {
  it('queries query_range backwards in nanoseconds and returns the recorded lines', async () => {
    const result = await source().logs!.queryLogs(request('{job="varlogs"}'));
    const sent = requests.at(-1)!.url.searchParams;
    expect(Object.fromEntries(sent)).toEqual({
      query: '{job="varlogs"}', start: '1569266490000000000', end: '1569266500000000000', limit: '100', direction: 'backward',
    });
    expect(requests.at(-1)!.tenant).toBeUndefined();
    expect(result.lines).toEqual([
      { time: 1569266497240, nanos: '1569266497240578000', level: 'info', message: 'foo', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' }, traceId: undefined },
      { time: 1569266492548, nanos: '1569266492548155000', level: 'info', message: 'bar', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' }, traceId: undefined },
    ]);
  });

  it('refuses a metric query with a message naming the problem', async () => {
    await expect(source().logs!.queryLogs(request('rate({job="varlogs"}[1m])'))).rejects.toThrow(/metric query.*needs a log query/);
  });

  it('turns plain-text Loki errors into readable SourceErrors', async () => {
    await expect(source().logs!.queryLogs(request('job=varlogs'))).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/rejected the query: parse error at line 1, col 1/),
    });
    await expect(source('/mt').logs!.queryLogs(request('{job="x"}'))).rejects.toThrow(/multi-tenant.*X-Scope-OrgID.*no org id/);
    await expect(source('/nowhere').logs!.queryLogs(request('{job="x"}'))).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('sends X-Scope-OrgID when a tenant is set', async () => {
    const result = await source('/mt', 'fleet-eu').logs!.queryLogs(request('{job="varlogs"}'));
    expect(requests.at(-1)!.tenant).toBe('fleet-eu');
    expect(result.lines).toHaveLength(2);
  });
});

describe('decodeLokiStreams', () => {
  it('reads level and trace id from JSON lines, logfmt pairs and detected_level', () => {
    const lines = decodeLokiStreams({
      resultType: 'streams',
      result: [
        { stream: { app: 'lock-service' }, values: [['1700000000000000001', '{"level":"ERROR","msg":"unlock timeout","trace_id":"ABCDEF0123456789"}']] },
        { stream: { app: 'ride-service', detected_level: 'warn' }, values: [['1700000000000000002', 'level=warn msg="slow" traceID=0123456789abcdef']] },
        { stream: { app: 'x' }, values: [['1700000000000000000', 'plain text, trace_id=not-hex']] },
      ],
    });
    expect(lines.map((l) => [l.nanos, l.level, l.traceId])).toEqual([
      ['1700000000000000002', 'warn', '0123456789abcdef'],
      ['1700000000000000001', 'error', 'abcdef0123456789'],
      ['1700000000000000000', 'unknown', undefined],
    ]);
    expect(lines[1]!.time).toBe(1700000000000);
  });

  it('shows a JSON line by its own message and lifts its fields to labels, like `| json`', () => {
    const [line] = decodeLokiStreams({
      resultType: 'streams',
      result: [
        {
          stream: { service: 'lock-service', level: 'error' },
          values: [['1700000000000000000', '{"ts":"x","level":"error","msg":"unlock timed out","traceId":"abc123","city":"chengdu","durationMs":8000}']],
        },
      ],
    });
    expect(line).toMatchObject({
      message: 'unlock timed out',
      traceId: 'abc123',
      labels: { service: 'lock-service', level: 'error', city: 'chengdu', durationMs: '8000' },
    });
    expect(line?.labels).not.toHaveProperty('msg');
  });

  it('refuses the recorded matrix result', () => {
    const matrix = JSON.parse(recorded('query_range_matrix.json')) as { data: { resultType: string; result: unknown } };
    expect(() => decodeLokiStreams(matrix.data)).toThrow(/metric query/);
  });
});
