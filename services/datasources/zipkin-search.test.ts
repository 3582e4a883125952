import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeApiForSuite } from '../../testing/fake-api';
import { TraceSearchRequestSchema, type TraceQuery } from '../../shared';
import { createZipkinSource } from './zipkin';

const recorded = (name: string) => JSON.parse(readFileSync(new URL(`./testdata/zipkin/${name}`, import.meta.url), 'utf8')) as unknown[];
const END = Date.UTC(2024, 5, 3, 10);
const query = (fields: Record<string, unknown> = {}): TraceQuery => {
  const parsed = TraceSearchRequestSchema.parse(fields);
  return { ...parsed, end: parsed.end ?? END };
};

/**
 * A stand-in for Zipkin's published v2 query API (no Zipkin can run here): `/api/v2/traces`
 * answers a list of the recorded zipkin-lens traces (the list is built here in the API's shape,
 * `[[span…], [span…]]`; the traces themselves are recorded), the name lists are short lists
 * in Zipkin's shape. One service name makes a trace that is not one.
 */
const api = fakeApiForSuite((u, req, res) => {
  const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (u.pathname === '/api/v2/traces') {
    if (u.searchParams.get('serviceName') === 'broken') return void json([recorded('skew.json'), [{ nope: true }]]);
    return void json([recorded('yelp.json'), recorded('skew.json')]);
  }
  if (u.pathname === '/api/v2/services') return void json(['servicea', 'routing', 'mobile_api']);
  if (u.pathname === '/api/v2/spans') return void json(['post /location/update/v4', 'get']);
  if (u.pathname === '/api/v2/autocompleteKeys') return void json(['http.path', 'environment']);
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});
const asked = api.asked;

const zipkin = () => createZipkinSource({ id: 'zipkin', name: 'Zipkin', kind: 'zipkin', url: api.url(), timeoutMs: 5000 }).traces!;

describe('Zipkin search', () => {
  it('sends the fields as Zipkin names them (durations in µs, times in ms, tags as annotationQuery) and summarises each trace', async () => {
    const result = await zipkin().searchTraces!(
      query({ service: 'routing', operation: 'post /location/update/v4', tags: { 'http.path': '/x', error: '' }, minDurationUs: 100, maxDurationUs: 200_000, lookbackMs: 900_000, limit: 5 }),
    );
    expect(Object.fromEntries(asked.at(-1)!.searchParams)).toEqual({
      serviceName: 'routing',
      spanName: 'post /location/update/v4',
      annotationQuery: 'http.path=/x and error',
      minDuration: '100',
      maxDuration: '200000',
      endTs: String(END),
      lookback: '900000',
      limit: '5',
    });
    expect(result.traces.map((t) => [t.traceId, t.rootService, t.spanCount, t.duration])).toEqual([
      ['a03ee8fff1dcd9b9', 'routing', 16, 131_848],
      ['1e223ff1f80f1c69', 'servicea', 4, 99_411],
    ]);
    expect(result).toMatchObject({ warnings: [], limitReached: false });
  });

  it('adds a query written in Zipkin\'s terms to the annotationQuery, and keeps the readable traces of an answer', async () => {
    const result = await zipkin().searchTraces!(query({ service: 'broken', query: 'http.method=GET', tags: { retried: '' }, sort: 'most-spans' }));
    expect(asked.at(-1)!.searchParams.get('annotationQuery')).toBe('http.method=GET and retried');
    expect(result.traces.map((t) => t.traceId)).toEqual(['1e223ff1f80f1c69']);
    expect(result.warnings).toEqual(["1 trace in Zipkin's answer could not be read and is left out (none of the 1 records is a Zipkin span; the first: record 1: \"traceId\" is missing; Zipkin v2 spans carry it as a non-empty hex string)"]);
  });

  it('lists services, span names of a service and tag keys, sorted', async () => {
    expect(await zipkin().serviceNames!()).toEqual(['mobile_api', 'routing', 'servicea']);
    expect(await zipkin().operations!('routing')).toEqual([{ name: 'get' }, { name: 'post /location/update/v4' }]);
    expect(asked.at(-1)!.search).toBe('?serviceName=routing');
    expect(await zipkin().tagNames!()).toEqual(['environment', 'http.path']);
  });
});
