import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import { createElasticsearchSource } from './elasticsearch';
import { esServerOf, esSort } from './elasticsearch-server';

/** Recorded answers from the OpenSearch docs (shared/testdata/logs/README.md). */
const recorded = (name: string) => readFileSync(new URL(`../../shared/testdata/logs/elasticsearch/${name}`, import.meta.url), 'utf8');

/**
 * A stand-in for the Elasticsearch / OpenSearch REST API (neither can run here), from
 * their published docs: `GET /` with `version.number` (and `distribution: "opensearch"`);
 * points in time (`POST /{index}/_pit` and `DELETE /_pit` on Elasticsearch,
 * `POST /{index}/_search/point_in_time` and `DELETE /_search/point_in_time` on
 * OpenSearch), each search on a PIT answering a new `pit_id`; `_search` with a bool
 * filter of `range` + `query_string`, sort by timestamp then a tiebreaker, `size`,
 * `search_after` compared on the sort tuple; errors as the recorded JSON bodies.
 */
interface Doc {
  id: string;
  index: string;
  source: Record<string, unknown>;
  ms: number;
  /** Its position in the index: what `_doc` / `_shard_doc` sort by. */
  doc: number;
}
const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);
/** 25 lines, newest first by time, pairs sharing a millisecond so the tiebreaker matters. */
const DOCS: Doc[] = Array.from({ length: 25 }, (_, i) => {
  const ms = T0 + Math.floor(i / 2) * 1000;
  return {
    id: `doc-${String(i).padStart(2, '0')}`,
    index: 'logs-app',
    ms,
    doc: i,
    source: {
      '@timestamp': new Date(ms).toISOString(),
      log: { level: i % 5 === 0 ? 'ERROR' : 'info' },
      message: `line ${i}`,
      service: { name: i % 2 ? 'lock-service' : 'ride-service' },
      trace: { id: i % 3 === 0 ? `${'ab'.repeat(8)}${String(i).padStart(16, '0')}` : '' },
      city: 'madrid',
    },
  };
});

let root: { status: number; body: unknown } = { status: 200, body: {} };
let pitRefused = false;
const seen: { method: string; path: string; body?: unknown }[] = [];
const pits = new Map<string, string>();
let server: Server;
let url = '';

function searchAnswer(index: string, body: Record<string, unknown>, pitId?: string): { status: number; body: unknown } {
  if (index.startsWith('nope')) return { status: 404, body: JSON.parse(recorded('opensearch-error-index-not-found-404.json')) };
  const filter = ((body.query as { bool: { filter: unknown[] } }).bool.filter ?? []) as Array<Record<string, Record<string, Record<string, unknown>>>>;
  const range = filter.find((f) => f.range)!.range!;
  const [field, bounds] = Object.entries(range)[0]!;
  const query = String(filter.find((f) => f.query_string)!.query_string!.query);
  if (query.includes('description')) return { status: 400, body: JSON.parse(recorded('opensearch-error-search-phase-400.json')) };
  const [, path, wanted] = /^([\w.]+):(\S+)$/.exec(query) ?? [];
  const sort = body.sort as Array<Record<string, unknown>>;
  const after = body.search_after as [number, number] | undefined;
  const timeOf = (d: Doc) => Date.parse(String(d.source[field!]));
  const hits = DOCS.filter((d) => d.index === index && timeOf(d) >= Number(bounds!.gte) && timeOf(d) <= Number(bounds!.lte))
    .filter((d) => query === '*' || (path === 'log.level' && String((d.source.log as { level: string }).level).toLowerCase() === wanted!.toLowerCase()))
    .sort((a, b) => b.ms - a.ms || b.doc - a.doc)
    .filter((d) => !after || d.ms < after[0] || (d.ms === after[0] && d.doc < after[1]))
    .slice(0, Number(body.size));
  const answer: Record<string, unknown> = {
    took: 3,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: hits.length, relation: 'eq' }, max_score: null, hits: hits.map((d) => ({ _index: d.index, _id: d.id, _score: null, _source: d.source, sort: [d.ms, d.doc] })) },
  };
  if (pitId) answer.pit_id = pitId;
  expect(sort[1]).toBeDefined();
  return { status: 200, body: answer };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const parsed = new URL(req.url ?? '/', 'http://x');
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      seen.push({ method: req.method ?? 'GET', path: `${parsed.pathname}${parsed.search}`, ...(body ? { body } : {}) });
      const reply = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      const p = parsed.pathname;
      if (req.method === 'GET' && p === '/') return reply(root.status, root.body);
      const pitOpen = /^\/([^/]+)\/(_pit|_search\/point_in_time)$/.exec(p);
      if (req.method === 'POST' && pitOpen) {
        const index = decodeURIComponent(pitOpen[1]!);
        if (index.startsWith('nope')) return reply(404, JSON.parse(recorded('opensearch-error-index-not-found-404.json')));
        if (pitRefused) return reply(403, { error: { root_cause: [{ type: 'security_exception', reason: 'action [indices:data/read/open_point_in_time] is unauthorized for user [viewer]' }], type: 'security_exception', reason: 'action [indices:data/read/open_point_in_time] is unauthorized for user [viewer]' }, status: 403 });
        const id = `pit-${pits.size + 1}-0`;
        pits.set(id, index);
        return pitOpen[2] === '_pit' ? reply(200, { id }) : reply(200, { pit_id: id, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, creation_time: T0 });
      }
      if (req.method === 'POST' && p === '/_search') {
        const pit = body!.pit as { id: string } | undefined;
        const index = pit ? pits.get(pit.id) : undefined;
        if (!pit || !index) return reply(404, { error: { root_cause: [{ type: 'search_context_missing_exception', reason: 'No search context found' }], type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: 404 });
        // Each answer on a PIT carries an id that may differ; the next request must use it.
        const next = pit.id.replace(/-(\d+)$/, (_m, n: string) => `-${Number(n) + 1}`);
        pits.set(next, index);
        const answer = searchAnswer(index, body!, next);
        return reply(answer.status, answer.body);
      }
      const search = /^\/([^/]+)\/_search$/.exec(p);
      if (req.method === 'POST' && search) {
        if (body!.pit) return reply(400, { error: { type: 'action_request_validation_exception', reason: 'Validation Failed: 1: [indices] cannot be used with point in time;' }, status: 400 });
        const answer = searchAnswer(decodeURIComponent(search[1]!), body!);
        return reply(answer.status, answer.body);
      }
      if (req.method === 'DELETE' && p === '/_pit') return reply(200, { succeeded: true, num_freed: 1 });
      if (req.method === 'DELETE' && p === '/_search/point_in_time') return reply(200, { pits: ((body!.pit_id as string[]) ?? []).map((id) => ({ successful: true, pit_id: id })) });
      return reply(404, { error: 'no handler found for uri [' + p + '] and method [' + (req.method ?? '') + ']', status: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  pits.clear();
  pitRefused = false;
  root = { status: 200, body: { name: 'node-1', cluster_name: 'logs', version: { number: '8.11.0', build_flavor: 'default' }, tagline: 'You Know, for Search' } };
});

const source = (extra: Record<string, unknown> = {}) =>
  createElasticsearchSource(SourceConfigSchema.parse({ id: 'es', name: 'Logs (ES)', kind: 'elasticsearch', url, index: 'logs-app', pageSize: 10, ...extra }) as SourceConfigOf<'elasticsearch'>);
const request = (query = '*', limit = 25) => ({ query, start: T0, end: T0 + 60_000, limit });
const searches = () => seen.filter((r) => r.path.endsWith('_search'));

describe('Elasticsearch source paging', () => {
  it('Elasticsearch 8: opens a point in time, pages with search_after over 3 pages on the newest PIT id, and closes it', async () => {
    const result = await source().logs!.queryLogs(request());
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /logs-app/_pit?keep_alive=1m', 'POST /_search', 'POST /_search', 'POST /_search', 'DELETE /_pit']);
    const bodies = searches().map((r) => r.body as Record<string, unknown>);
    expect(bodies.map((b) => [b.size, (b.pit as { id: string }).id, b.search_after])).toEqual([
      [10, 'pit-1-0', undefined],
      [10, 'pit-1-1', [T0 + 7000, 15]],
      [5, 'pit-1-2', [T0 + 2000, 5]],
    ]);
    expect(bodies[0]).toEqual({
      size: 10,
      track_total_hits: false,
      query: { bool: { filter: [{ range: { '@timestamp': { gte: T0, lte: T0 + 60_000, format: 'epoch_millis' } } }, { query_string: { query: '*', analyze_wildcard: true } }] } },
      sort: [{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }, { _shard_doc: 'desc' }],
      pit: { id: 'pit-1-0', keep_alive: '1m' },
    });
    expect(seen.at(-1)!.body).toEqual({ id: 'pit-1-3' });
    // Every document once, newest first, equal timestamps in tiebreaker order.
    expect(result.lines.map((l) => l.id)).toEqual([...DOCS].sort((a, b) => b.ms - a.ms || b.doc - a.doc).map((d) => d.id));
    expect(result.warnings).toEqual([]);
    expect(result.lines[0]).toEqual({
      time: T0 + 12_000,
      level: 'info',
      message: 'line 24',
      service: 'ride-service',
      traceId: 'abababababababab0000000000000024',
      labels: {},
      id: 'doc-24',
      fields: { city: 'madrid', _index: 'logs-app' },
    });
    expect(result.lines[1]).toMatchObject({ id: 'doc-23', level: 'info', service: 'lock-service' });
    expect(result.lines[4]).toMatchObject({ id: 'doc-20', level: 'error', message: 'line 20' });
    expect(result.lines[1]!.traceId).toBeUndefined();
  });

  it('stops at the request’s limit and sends the panel’s query as a query_string', async () => {
    const result = await source().logs!.queryLogs(request('log.level:error', 3));
    expect(result.lines.map((l) => l.message)).toEqual(['line 20', 'line 15', 'line 10']);
    expect(searches()).toHaveLength(1);
    expect((searches()[0]!.body as { size: number }).size).toBe(3);
  });

  it('OpenSearch 2.11: its own PIT endpoints, and _doc as tiebreaker (it has no _shard_doc before 3.3)', async () => {
    root = { status: 200, body: { name: 'os-1', version: { distribution: 'opensearch', number: '2.11.0' }, tagline: 'The OpenSearch Project: https://opensearch.org/' } };
    const result = await source().logs!.queryLogs(request());
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /logs-app/_search/point_in_time?keep_alive=1m', 'POST /_search', 'POST /_search', 'POST /_search', 'DELETE /_search/point_in_time']);
    expect((searches()[0]!.body as { sort: unknown[] }).sort[1]).toEqual({ _doc: 'desc' });
    expect(seen.at(-1)!.body).toEqual({ pit_id: ['pit-1-3'] });
    expect(result.lines).toHaveLength(25);
  });

  it('Elasticsearch 7.9 has no point in time: pages on the index with search_after alone', async () => {
    root = { status: 200, body: { version: { number: '7.9.3' } } };
    const result = await source().logs!.queryLogs(request());
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /logs-app/_search', 'POST /logs-app/_search', 'POST /logs-app/_search']);
    expect(searches().map((r) => (r.body as { pit?: unknown; sort: unknown[] }).pit ?? (r.body as { sort: unknown[] }).sort[1])).toEqual([{ _doc: 'desc' }, { _doc: 'desc' }, { _doc: 'desc' }]);
    expect(result.lines).toHaveLength(25);
    expect(result.warnings).toEqual([]);
  });

  it('"pointInTime": false never asks for the version nor opens one', async () => {
    const result = await source({ pointInTime: false }).logs!.queryLogs(request());
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /logs-app/_search', 'POST /logs-app/_search', 'POST /logs-app/_search']);
    expect(result.lines).toHaveLength(25);
  });

  it('falls back cleanly, and says so, when the version cannot be read or a point in time cannot be opened', async () => {
    root = { status: 403, body: { error: { root_cause: [{ type: 'security_exception', reason: 'action [cluster:monitor/main] is unauthorized for user [viewer]' }], type: 'security_exception', reason: 'action [cluster:monitor/main] is unauthorized for user [viewer]' }, status: 403 } };
    const noVersion = await source().logs!.queryLogs(request());
    expect(noVersion.lines).toHaveLength(25);
    expect(noVersion.warnings).toEqual([
      'Logs (ES) did not say which version it runs (Logs (ES) refused access (403): security_exception: action [cluster:monitor/main] is unauthorized for user [viewer]; check "auth" on this source), so results were paged without a point in time.',
    ]);
    root = { status: 200, body: { version: { number: '8.11.0' } } };
    pitRefused = true;
    seen.length = 0;
    const noPit = await source().logs!.queryLogs(request());
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /', 'POST /logs-app/_pit?keep_alive=1m', 'POST /logs-app/_search', 'POST /logs-app/_search', 'POST /logs-app/_search']);
    expect(noPit.lines).toHaveLength(25);
    expect(noPit.warnings).toEqual([
      'Logs (ES) could not open a point in time (Logs (ES) refused access (403): security_exception: action [indices:data/read/open_point_in_time] is unauthorized for user [viewer]; check "auth" on this source), so results were paged without one: lines written meanwhile may shift between pages.',
    ]);
  });
});

describe('Elasticsearch source errors, verbatim in one sentence', () => {
  it('an index that does not exist', async () => {
    await expect(source({ index: 'nope-logs' }).logs!.queryLogs(request())).rejects.toMatchObject({
      kind: 'not_found',
      message: 'Logs (ES) has no index matching "nope-logs" (index_not_found_exception: no such index [.plugins-ml-controller]); check "index" on this source',
    });
    await expect(source({ index: 'nope-logs', pointInTime: false }).logs!.queryLogs(request())).rejects.toMatchObject({ kind: 'not_found', message: expect.stringContaining('has no index matching "nope-logs"') });
  });

  it('a search_phase_execution_exception with its root cause; the point in time is still closed', async () => {
    await expect(source().logs!.queryLogs(request('description:lock'))).rejects.toMatchObject({
      kind: 'rejected',
      message:
        'Logs (ES) rejected the search of "logs-app": search_phase_execution_exception: all shards failed; root cause query_shard_exception: failed to create query: Cannot search on field [description] since it is not indexed.',
    });
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', path: '/_pit', body: { id: 'pit-1-0' } });
  });

  it('a server that does not answer', async () => {
    const dead = createElasticsearchSource(SourceConfigSchema.parse({ id: 'es', name: 'Logs (ES)', kind: 'elasticsearch', url: 'http://127.0.0.1:9', index: 'logs-app', pointInTime: false }) as SourceConfigOf<'elasticsearch'>);
    await expect(dead.logs!.queryLogs(request())).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('127.0.0.1:9') });
  });
});

describe('Elasticsearch source fields', () => {
  it('reads an OTel record with the configured paths (Data Prepper’s names), through the config schema', async () => {
    const config = SourceConfigSchema.parse({
      id: 'os',
      name: 'OTel logs',
      kind: 'elasticsearch',
      url,
      index: 'otel-logs',
      fields: { timestamp: 'time', level: 'severityText', message: 'body', service: 'resource.attributes.service.name', traceId: 'traceId', spanId: 'spanId' },
    });
    expect(config).toMatchObject({ fields: { timestamp: 'time' }, pointInTime: true, pageSize: 1000 });
    const hit = JSON.parse(recorded('opensearch-otel-log-hit.json')) as { hits: { hits: Array<{ _id: string; _source: Record<string, unknown> }> } };
    DOCS.push({ id: hit.hits.hits[0]!._id, index: 'otel-logs', ms: Date.parse('2025-02-19T21:19:59Z'), doc: 99, source: hit.hits.hits[0]!._source });
    try {
      const es = createElasticsearchSource(config as SourceConfigOf<'elasticsearch'>);
      const result = await es.logs!.queryLogs({ query: '*', start: Date.parse('2025-02-19T21:00:00Z'), end: Date.parse('2025-02-19T22:00:00Z'), limit: 10 });
      expect(result.lines.map((l) => [l.time, l.level, l.message, l.service, l.traceId, l.spanId, l.id])).toEqual([
        [Date.parse('2025-02-19T21:19:59Z'), 'error', 'payment gateway timeout', 'checkout', undefined, undefined, 'l24NBpoBk9xzgdmMXFDm'],
      ]);
    } finally {
      DOCS.pop();
    }
  });

  it('refuses an index name a URL would misread, and defaults to the ECS field names', () => {
    expect(SourceConfigSchema.safeParse({ id: 'es', name: 'x', kind: 'elasticsearch', url, index: 'logs/../_all' }).success).toBe(false);
    expect(SourceConfigSchema.parse({ id: 'es', name: 'x', kind: 'elasticsearch', url, index: 'logs-*,audit-*' })).toMatchObject({
      fields: { timestamp: '@timestamp', level: 'log.level', message: 'message', service: 'service.name', traceId: 'trace.id', spanId: 'span.id' },
    });
  });
});

describe('which paging a server allows', () => {
  it('points in time from Elasticsearch 7.10 and OpenSearch 2.4; _shard_doc from Elasticsearch 7.12 and OpenSearch 3.3', () => {
    const of = (number: string, distribution?: string) => {
      const s = esServerOf({ version: { number, ...(distribution ? { distribution } : {}) } });
      return [s.product, s.pit ?? null, s.shardDoc];
    };
    expect(of('7.9.3')).toEqual(['Elasticsearch', null, false]);
    expect(of('7.10.2')).toEqual(['Elasticsearch', 'elasticsearch', false]);
    expect(of('7.12.0')).toEqual(['Elasticsearch', 'elasticsearch', true]);
    expect(of('8.11.0')).toEqual(['Elasticsearch', 'elasticsearch', true]);
    expect(of('2.3.0', 'opensearch')).toEqual(['OpenSearch', null, false]);
    expect(of('2.4.0', 'opensearch')).toEqual(['OpenSearch', 'opensearch', false]);
    expect(of('3.3.0', 'opensearch')).toEqual(['OpenSearch', 'opensearch', true]);
    // OpenSearch in compatibility mode reports 7.10.2, hiding its real version: nothing is assumed.
    expect(of('7.10.2', 'opensearch')).toEqual(['OpenSearch', null, false]);
  });

  it('on Elasticsearch 7.10–7.11 pages a point in time with _doc as tiebreaker', () => {
    const server = esServerOf({ version: { number: '7.10.2' } });
    expect(esSort('@timestamp', server, true)).toEqual([{ '@timestamp': { order: 'desc', unmapped_type: 'date' } }, { _doc: 'desc' }]);
    expect(esSort('@timestamp', esServerOf({ version: { number: '8.0.0' } }), false)[1]).toEqual({ _doc: 'desc' });
  });
});
