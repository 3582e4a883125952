import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../model/trace-search';
import { normalizeJaeger } from './jaeger';
import { sortSummaries, summarizeTrace, traceMatches } from './summary';
import { normalizeZipkin } from './zipkin';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));

describe('summarizeTrace', () => {
  it('gives root, extent, span and error counts per service (yelp.json)', () => {
    const summary = summarizeTrace(normalizeZipkin(fixture('yelp.json')));
    expect(summary).toEqual({
      traceId: 'a03ee8fff1dcd9b9',
      rootService: 'routing',
      rootOperation: 'post /location/update/v4',
      start: 1571896375237354,
      duration: 131848,
      spanCount: 16,
      errorCount: 0,
      services: [
        { name: 'yelp-main', spanCount: 7, errorCount: 0 },
        { name: 'mobile_api', spanCount: 5, errorCount: 0 },
        { name: 'routing', spanCount: 1, errorCount: 0 },
        { name: 'spectre', spanCount: 1, errorCount: 0 },
        { name: 'unknown', spanCount: 1, errorCount: 0 },
        { name: 'yelp_main/api_proxy', spanCount: 1, errorCount: 0 },
      ],
    });
  });

  it('counts errors per service and keeps Jaeger duplicates as rows (ui_01.json)', () => {
    const summary = summarizeTrace(normalizeJaeger(fixture('ui_01.json'))[0]!);
    expect(summary).toMatchObject({ spanCount: 5, errorCount: 1, rootService: 'service-x', rootOperation: 'test-general-conversion' });
    expect(summary.services).toEqual([
      { name: 'service-y', spanCount: 3, errorCount: 0 },
      { name: 'service-x', spanCount: 2, errorCount: 1 },
    ]);
  });
});

describe('sortSummaries', () => {
  const s = (traceId: string, start: number, duration: number, spanCount?: number, errorCount?: number): TraceSummary => ({
    traceId,
    start,
    duration,
    services: [],
    ...(spanCount === undefined ? {} : { spanCount }),
    ...(errorCount === undefined ? {} : { errorCount }),
  });
  const list = [s('a', 100, 50, 3, 0), s('b', 300, 10, 9, 2), s('c', 200, 90, undefined, undefined), s('d', 250, 50, 3, 1)];
  const ids = (sort: Parameters<typeof sortSummaries>[1]) => sortSummaries(list, sort).map((t) => t.traceId);

  it('orders as Jaeger UI does, ties newest first; an unknown count sorts as the least', () => {
    expect(ids('recent')).toEqual(['b', 'd', 'c', 'a']);
    expect(ids('longest')).toEqual(['c', 'd', 'a', 'b']);
    expect(ids('shortest')).toEqual(['b', 'd', 'a', 'c']);
    expect(ids('most-spans')).toEqual(['b', 'd', 'a', 'c']);
    expect(ids('fewest-spans')).toEqual(['c', 'd', 'a', 'b']);
    expect(ids('most-errors')).toEqual(['b', 'd', 'a', 'c']);
    expect(list.map((t) => t.traceId)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('traceMatches', () => {
  const trace = normalizeZipkin(fixture('yelp.json'));
  const end = Math.ceil(1571896375237354 / 1000) + 1000;
  const base = { end, lookbackMs: 60_000, tags: {} };

  it('matches a service, operation, tags and span duration on one span, in the window', () => {
    expect(traceMatches(trace, { ...base, service: 'yelp_main/api_proxy' })).toBe(true);
    expect(traceMatches(trace, { ...base, service: 'nobody' })).toBe(false);
    expect(traceMatches(trace, { ...base, service: 'mobile_api', operation: 'post /location/update/v4' })).toBe(true);
    expect(traceMatches(trace, { ...base, service: 'spectre', operation: 'post /location/update/v4' })).toBe(false);
    expect(traceMatches(trace, { ...base, tags: { 'peer.service': 'memcache' } })).toBe(true);
    expect(traceMatches(trace, { ...base, tags: { 'peer.service': '' } })).toBe(true);
    expect(traceMatches(trace, { ...base, tags: { 'peer.service': 'redis' } })).toBe(false);
    expect(traceMatches(trace, { ...base, tags: { error: '' } })).toBe(false);
    expect(traceMatches(trace, { ...base, minDurationUs: 131_848 })).toBe(true);
    expect(traceMatches(trace, { ...base, minDurationUs: 131_849 })).toBe(false);
    expect(traceMatches(trace, { ...base, service: 'yelp-main', maxDurationUs: 232 })).toBe(false);
    expect(traceMatches(trace, { ...base, service: 'yelp-main', maxDurationUs: 233 })).toBe(true);
    expect(traceMatches(trace, { ...base, end: end - 10_000, lookbackMs: 1000 })).toBe(false);
  });
});
