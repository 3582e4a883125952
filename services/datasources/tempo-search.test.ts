import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeApiForSuite } from '../../testing/fake-api';
import { TraceSearchRequestSchema, type TraceQuery } from '../../shared';
import { createTempoSource } from './tempo';
import { traceqlOf } from './traceql';

const recorded = (path: string) => readFileSync(new URL(`./testdata/${path}`, import.meta.url), 'utf8');
const GO_404 = '404 page not found\n';
const END = Date.UTC(2024, 5, 3, 10);
const query = (fields: Record<string, unknown> = {}): TraceQuery => {
  const parsed = TraceSearchRequestSchema.parse(fields);
  return { ...parsed, end: parsed.end ?? END };
};

/**
 * A stand-in for Tempo's search API (no Tempo can run here), answering the recorded search
 * results (the Tempo docs' TraceQL and tags examples, Kiali's recordings from Istio) by what is
 * asked. At the root a Tempo that reads TraceQL; under /old one that refuses it with the
 * parse error Tempo gives for a query it cannot read, and has only the v1 tag routes.
 */
const api = fakeApiForSuite((u, req, res) => {
  const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  const text = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  const old = u.pathname.startsWith('/old/');
  const path = u.pathname.replace(/^\/old/, '');
  if (path === '/api/search') {
    const q = u.searchParams.get('q');
    if (q !== null && (old || q.includes('bad'))) return void text(400, 'invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER\n');
    if (q?.includes('bookinfo')) return void json(recorded('tempo/kiali-search-ambient.json'));
    if (q?.includes('productpage')) return void json(recorded('tempo/kiali-search-bookinfo.json'));
    if (q !== null) return void json(recorded('tempo/search-traceql.json'));
    return void json(recorded('tempo/search-tags.json'));
  }
  if (old) {
    if (path === '/api/search/tag/service.name/values') return void json('{"tagValues":["frontend","cartservice","frontend"]}');
    if (path === '/api/search/tags') return void json('{"tagNames":["http.method","service.name"],"metrics":{"inspectedBytes":"630188"}}');
    return void text(404, GO_404);
  }
  if (path === '/api/v2/search/tag/resource.service.name/values') return void json(recorded('tempo/search-tag-values-v2-doc.json'));
  if (path === '/api/v2/search/tag/name/values') {
    return void json(JSON.stringify({ tagValues: [{ type: 'string', value: 'update-billing' }, { type: 'string', value: 'GET /cart' }] }));
  }
  if (path === '/api/v2/search/tags') return void json(recorded('tempo/search-tags-v2-doc.json'));
  text(404, GO_404);
});
const asked = api.asked;

const tempo = (path = '') => createTempoSource({ id: 'tempo', name: 'Tempo', kind: 'tempo', url: `${api.url()}${path}`, timeoutMs: 5000 }).traces!;

describe('Tempo search', () => {
  it('writes the fields as one TraceQL spanset, in epoch seconds, and reads the results (docs example)', async () => {
    const result = await tempo().searchTraces!(
      query({ service: 'my.service', operation: 'I am a span!', tags: { 'http.status_code': '500', error: '' }, minDurationUs: 1500, lookbackMs: 3_600_000 }),
    );
    const sent = asked.at(-1)!;
    expect(sent.pathname).toBe('/api/search');
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      q: '{ resource.service.name = "my.service" && name = "I am a span!" && .http.status_code = "500" && status = error && duration >= 1500us }',
      start: String(END / 1000 - 3600),
      end: String(END / 1000),
      limit: '20',
      spss: '3',
    });
    expect(result).toEqual({
      traces: [
        {
          traceId: '5b8efff798038103d269b633813fc700',
          rootService: 'my.service',
          rootOperation: 'I am a span!',
          start: 1694718625557000,
          duration: 10_000_000,
          services: [{ name: 'my.service' }],
        },
      ],
      warnings: [],
      limitReached: false,
    });
  });

  it('takes span and error counts per service where Tempo gives them, and a 31-digit id as sent (Kiali, Istio ambient)', async () => {
    const result = await tempo().searchTraces!(query({ service: 'waypoint.bookinfo' }));
    expect(result.traces).toEqual([
      {
        traceId: '2e299711ce47710289dc6640727404f',
        rootService: 'waypoint.bookinfo',
        rootOperation: 'bookinfo-gateway-istio.bookinfo.svc.cluster.local:80/*',
        start: 1736952956641922,
        duration: 12_000,
        spanCount: 4,
        errorCount: 0,
        services: [
          { name: 'waypoint.bookinfo', spanCount: 3, errorCount: 0 },
          { name: 'bookinfo-gateway-istio.bookinfo', spanCount: 1, errorCount: 0 },
        ],
      },
    ]);
  });

  it('sends a TraceQL query as written, and passes its parse error back in Tempo\'s words', async () => {
    await tempo().searchTraces!(query({ query: '{ span.http.url =~ ".*productpage.*" }', service: 'ignored' }));
    expect(asked.at(-1)!.searchParams.get('q')).toBe('{ span.http.url =~ ".*productpage.*" }');
    await expect(tempo().searchTraces!(query({ query: '{ bad }' }))).rejects.toThrow(
      `Tempo (${new URL(api.url()).host}) refused the request: invalid TraceQL query: parse error at line 1, col 3: syntax error: unexpected IDENTIFIER`,
    );
  });

  it('asks a Tempo that refuses TraceQL by tags instead, and says what that changes', async () => {
    const result = await tempo('/old').searchTraces!(query({ service: 'frontend', tags: { 'http.url': 'a b' }, minDurationUs: 600_000 }));
    const sent = asked.at(-1)!;
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      start: String(END / 1000 - 3600),
      end: String(END / 1000),
      limit: '20',
      tags: 'service.name=frontend http.url="a b"',
      minDuration: '600000us',
    });
    expect(result.traces.map((t) => [t.traceId, t.duration, t.rootOperation])).toEqual([
      ['d6e9329d67b6146a', 611_000, '/cart'],
      ['1b1ba462b409200d', 611_000, '/cart'],
    ]);
    expect(result.warnings[0]).toMatch(/^This Tempo did not take the search as TraceQL \(.*parse error.*\); it was asked by tags instead, where tag values match as substrings and the durations bound the whole trace$/);
  });

  it('sorts as asked and reports a full page', async () => {
    const result = await tempo('/old').searchTraces!(query({ service: 'frontend', limit: 2, sort: 'recent' }));
    expect(result.traces.map((t) => t.traceId)).toEqual(['d6e9329d67b6146a', '1b1ba462b409200d']);
    expect(result.limitReached).toBe(true);
  });

  it('lists services, one service\'s operations and tag names from the v2 routes, and the v1 ones on an older Tempo', async () => {
    expect(await tempo().serviceNames!()).toEqual(['article-service', 'auth-service', 'billing-service', 'cart-service', 'postgres', 'shop-backend']);
    expect(await tempo().operations!('shop-backend', 'server')).toEqual([
      { name: 'GET /cart', spanKind: 'server' },
      { name: 'update-billing', spanKind: 'server' },
    ]);
    expect(asked.at(-1)!.searchParams.get('q')).toBe('{ resource.service.name = "shop-backend" && kind = server }');
    const tags = await tempo().tagNames!();
    expect(tags).toContain('http.status_code');
    expect(tags).toContain('exception.type');
    expect(tags).not.toContain('duration');
    expect(await tempo('/old').serviceNames!()).toEqual(['cartservice', 'frontend']);
    expect(await tempo('/old').tagNames!()).toEqual(['http.method', 'service.name']);
    await expect(tempo('/old').operations!('frontend')).rejects.toThrow(/cannot list one service's operations \(it has no \/api\/v2\/search\/tag\/…\/values: Tempo 2.0 or later has\)/);
  });
});

describe('traceqlOf', () => {
  it('quotes values and odd attribute names, keeps scopes as written, and matches nothing extra when empty', () => {
    expect(traceqlOf({ tags: {} })).toBe('{}');
    expect(traceqlOf({ service: 'a"b\\c', tags: { 'span.http.route': '/x', 'k8s-pod': '', 'resource.host.name': 'h' }, maxDurationUs: 2 })).toBe(
      '{ resource.service.name = "a\\"b\\\\c" && span.http.route = "/x" && ."k8s-pod" != nil && resource.host.name = "h" && duration <= 2us }',
    );
  });
});
