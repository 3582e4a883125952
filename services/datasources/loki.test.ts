import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLokiSource } from './loki';

/** Recorded Loki answers (shared/testdata/logs/README.md says where each comes from). */
const recorded = (name: string) => readFileSync(new URL(`../../shared/testdata/logs/loki/${name}`, import.meta.url), 'utf8');

/**
 * A stand-in for Loki's published HTTP API (no Loki can run here). It serves the recorded
 * documentation bodies and answers errors as Loki does: plain text, 400 for LogQL parse
 * errors, 401 "no org id" when multi-tenant and the header is missing.
 */
const requests: { url: URL; tenant?: string; flags?: string }[] = [];
let server: Server;
let url = '';

const ROUTES: Record<string, (params: URLSearchParams) => string> = {
  query_range: (params) => (/rate\(|count_over_time\(/.test(params.get('query') ?? '') ? recorded('query_range_matrix.json') : recorded('query_range_streams.json')),
  labels: () => recorded('labels.json'),
  'label/job/values': () => recorded('label_values.json'),
  series: (params) => JSON.stringify({ status: 'success', data: params.getAll('match[]').map((m) => ({ selector: m, job: 'varlogs' })) }),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://x');
    const tenant = req.headers['x-scope-orgid'] as string | undefined;
    requests.push({ url: parsed, tenant, flags: req.headers['x-loki-response-encoding-flags'] as string | undefined });
    const path = /^(?:\/mt)?\/loki\/api\/v1\/(.+)$/.exec(parsed.pathname)?.[1];
    const route = path === undefined ? undefined : ROUTES[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    if (parsed.pathname.startsWith('/mt') && !tenant) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('no org id\n');
      return;
    }
    const query = parsed.searchParams.get('query');
    if (query !== null && !query.startsWith('{') && !query.includes('(')) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('parse error at line 1, col 1: syntax error: unexpected IDENTIFIER\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(route(parsed.searchParams));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (path = '', tenant?: string) => createLokiSource({ id: 'loki', name: 'Loki', kind: 'loki', url: `${url}${path}`, timeoutMs: 5000, tenant });
const request = (query: string) => ({ query, start: 1569266490000, end: 1569266500000, limit: 100 });

describe('createLokiSource query_range', () => {
  it('queries backwards in nanoseconds, asks for categorized labels, and returns the recorded lines line by line', async () => {
    const result = await source().logs!.queryLogs(request('{job="varlogs"}'));
    const sent = requests.at(-1)!;
    expect(Object.fromEntries(sent.url.searchParams)).toEqual({
      query: '{job="varlogs"}', start: '1569266490000000000', end: '1569266500000000000', limit: '100', direction: 'backward',
    });
    expect(sent.tenant).toBeUndefined();
    expect(sent.flags).toBe('categorize-labels');
    expect(result.series).toBeUndefined();
    expect(result.lines).toEqual([
      { time: 1569266497240, nanos: '1569266497240578000', level: 'info', message: 'foo', service: 'varlogs', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' } },
      { time: 1569266492548, nanos: '1569266492548155000', level: 'info', message: 'bar', service: 'varlogs', labels: { filename: '/var/log/myproject.log', job: 'varlogs', level: 'info' } },
    ]);
  });

  it('answers a metric query with its counts as series and says so, instead of an error', async () => {
    const result = await source().logs!.queryLogs(request('count_over_time({job="varlogs"}[1m])'));
    expect(result.lines).toEqual([]);
    expect(result.series?.map((s) => [s.name, s.values.at(-1)])).toEqual([
      ['{level="info"}', 658.8516666666667],
      ['{level="warn"}', 660.6933333333334],
    ]);
    expect(result.warnings).toEqual([expect.stringMatching(/^This is a metric query: it returns numbers, not log lines, so they are shown as counts per series\./)]);
  });

  it('turns plain-text Loki errors into readable SourceErrors', async () => {
    await expect(source().logs!.queryLogs(request('job=varlogs'))).rejects.toMatchObject({
      kind: 'rejected',
      message: 'Loki rejected the query: parse error at line 1, col 1: syntax error: unexpected IDENTIFIER',
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

describe('createLokiSource labels, label values and series', () => {
  const window = { start: 1569266490000, end: 1569266500000 };

  it('lists label names and one label’s values from the recorded answers, in the window', async () => {
    const logs = source('/mt', 'fleet-eu').logs!;
    expect(await logs.labels!(window)).toEqual(['foo', 'bar', 'baz']);
    expect(Object.fromEntries(requests.at(-1)!.url.searchParams)).toEqual({ start: '1569266490000000000', end: '1569266500000000000' });
    expect(requests.at(-1)!.tenant).toBe('fleet-eu');
    expect(await logs.labelValues!('job', window)).toEqual(['cat', 'dog', 'axolotl']);
    expect(requests.at(-1)!.url.pathname).toBe('/mt/loki/api/v1/label/job/values');
  });

  it('asks for series with every selector as match[]', async () => {
    const sets = await source().logs!.series!(['{job="varlogs"}', '{app="x"}'], window);
    expect(requests.at(-1)!.url.searchParams.getAll('match[]')).toEqual(['{job="varlogs"}', '{app="x"}']);
    expect(sets).toEqual([
      { selector: '{job="varlogs"}', job: 'varlogs' },
      { selector: '{app="x"}', job: 'varlogs' },
    ]);
  });

  it('a 404 from a URL that is not Loki says so, in its words', async () => {
    await expect(source().logs!.labelValues!('nope', window)).rejects.toMatchObject({ kind: 'not_found', message: expect.stringMatching(/no Loki API .*404\): 404 page not found/) });
  });
});
