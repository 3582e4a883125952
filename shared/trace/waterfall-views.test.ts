import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../model/traces';
import { collapseAll, expandToDepth, visibleRows } from './collapse';
import { errorAncestors } from './error-path';
import { generateTrace } from './generate';
import { layoutTrace } from './layout';
import { minimapPicture } from './minimap';
import { operationStats, serviceTotals, sortStats } from './operation-stats';
import { filterRows, parseMinDuration } from './span-filter';
import { normalizeZipkin } from './zipkin';

// Recorded Zipkin payloads, see ../testdata/trace/README.md.
const zipkin = (name: string) => layoutTrace(normalizeZipkin(JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'))));
const names = (layout: ReturnType<typeof layoutTrace>, indexes: readonly number[]) => indexes.map((i) => `${layout.spans[i]!.service} ${layout.spans[i]!.operation}`);

const span = (spanId: string, parentId: string | undefined, start: number, duration: number, extra: Partial<Span> = {}): Span => ({
  spanId, parentId, service: 'svc', operation: spanId, kind: 'internal', resource: 0, start, duration, attributes: {}, events: [], status: { code: 'unset' }, ...extra,
});
const trace = (spans: Span[]): Trace => ({ traceId: 't', spans, resources: [{ service: 'svc', attributes: {} }], warnings: [] });

describe('filtering a trace (yelp, smartthings)', () => {
  const yelp = zipkin('yelp.json');

  it('matches service, minimum duration and free text together, in row order', () => {
    expect(names(yelp, filterRows(yelp, yelp.rows, { service: 'mobile_api', minDuration: 2000 }))).toEqual(['mobile_api post /location/update/v4', 'mobile_api get', 'mobile_api post']);
    expect(names(yelp, filterRows(yelp, yelp.rows, { text: 'MY_CACHE_NAME' }))).toEqual(['yelp-main get my_cache_name_v2', 'yelp-main get_multi my_cache_name_v1']);
    expect(filterRows(yelp, yelp.rows, {})).toEqual([]);
  });

  it('finds the errors only, and tags by key=value', () => {
    const st = zipkin('smartthings-excerpt.json');
    expect(names(st, filterRows(st, st.rows, { errorsOnly: true }))).toEqual(['execution get', 'alice get circuitbreakers/_entitytype_/_entityid_']);
    const [first] = filterRows(st, st.rows, { errorsOnly: true });
    const [key, value] = Object.entries(st.spans[first!]!.attributes)[0]!;
    expect(filterRows(st, st.rows, { tag: `${key}=${value}` })).toContain(first);
    expect(filterRows(st, st.rows, { tag: `${key}=no such value at all` })).toEqual([]);
  });

  it('reads a minimum duration the way people type it', () => {
    expect(parseMinDuration('250ms')).toBe(250_000);
    expect(parseMinDuration('1.5s')).toBe(1_500_000);
    expect(parseMinDuration('800us')).toBe(800);
    expect(parseMinDuration('12')).toBe(12_000);
    expect(parseMinDuration(' ')).toBeUndefined();
    expect((parseMinDuration('fast') as Error).message).toBe('"fast" is not a duration: write 250ms, 1.5s or 800us');
    expect((parseMinDuration('-5ms') as Error).message).toBe('"-5ms" is negative: a duration is zero or more, e.g. 250ms');
  });
});

describe('folding rows', () => {
  const t = layoutTrace(trace([span('root', undefined, 0, 10), span('a', 'root', 1, 5), span('a1', 'a', 2, 1), span('a11', 'a1', 2, 1), span('b', 'root', 6, 2)]));
  const ids = (rows: readonly { spanIndex: number }[]) => rows.map((r) => t.spans[r.spanIndex]!.spanId);

  it('hides a folded span\'s subtree and nothing else', () => {
    expect(ids(visibleRows(t, new Set(['a'])))).toEqual(['root', 'a', 'b']);
    expect(ids(visibleRows(t, new Set(['a1'])))).toEqual(['root', 'a', 'a1', 'b']);
    expect(ids(visibleRows(t, new Set()))).toEqual(['root', 'a', 'a1', 'a11', 'b']);
  });

  it('collapses all and expands to a depth', () => {
    expect(ids(visibleRows(t, collapseAll(t)))).toEqual(['root']);
    expect(ids(visibleRows(t, expandToDepth(t, 2)))).toEqual(['root', 'a', 'b']);
    expect(ids(visibleRows(t, expandToDepth(t, 3)))).toEqual(['root', 'a', 'a1', 'b']);
    // Opening one folded span at the limit shows one more level, not its whole subtree.
    const opened = expandToDepth(t, 2);
    opened.delete('a');
    expect(ids(visibleRows(t, opened))).toEqual(['root', 'a', 'a1', 'b']);
  });
});

describe('errors up the path', () => {
  it('marks every ancestor of a failing span, but not the failing spans themselves (smartthings)', () => {
    const st = zipkin('smartthings-excerpt.json');
    // execution get (root, error) → alice (error): no non-error ancestor.
    expect([...errorAncestors(st)]).toEqual([]);
    const t = layoutTrace(trace([span('root', undefined, 0, 10), span('a', 'root', 1, 5), span('a1', 'a', 2, 1, { status: { code: 'error' } }), span('b', 'root', 6, 2)]));
    expect([...errorAncestors(t)].map((i) => t.spans[i]!.spanId).sort()).toEqual(['a', 'root']);
  });
});

describe('statistics per service and operation (yelp)', () => {
  const yelp = zipkin('yelp.json');

  it('sums counts, totals and self time; self time leaves out the children', () => {
    const rows = operationStats(yelp);
    const txn = rows.find((r) => r.operation === 'txn: user_get_basic_and_scout_info')!;
    // 3,884 µs with four sequential children of 445 + 1,068 + 233 + 374 µs.
    expect(txn).toEqual({ service: 'yelp-main', operation: 'txn: user_get_basic_and_scout_info', count: 1, errors: 0, total: 3884, self: 3884 - 445 - 1068 - 233 - 374 });
    const services = serviceTotals(rows);
    expect(services.map((s) => s.service)).toEqual(['mobile_api', 'routing', 'spectre', 'unknown', 'yelp_main/api_proxy', 'yelp-main']);
    expect(services.find((s) => s.service === 'mobile_api')).toMatchObject({ count: 5 });
    expect(services.reduce((sum, s) => sum + s.count, 0)).toBe(yelp.spans.length);
  });

  it('sorts by any column, ties by name', () => {
    const byCount = sortStats(serviceTotals(operationStats(yelp)), 'count', true).map((s) => `${s.service}:${s.count}`);
    expect(byCount.slice(0, 2)).toEqual(['yelp-main:7', 'mobile_api:5']);
    const byName = sortStats(serviceTotals(operationStats(yelp)), 'name', false).map((s) => s.service);
    expect(byName[0]).toBe('mobile_api');
  });
});

describe('the minimap', () => {
  it('draws each band over the columns its spans cover', () => {
    const t = layoutTrace(trace([span('root', undefined, 0, 100), span('a', 'root', 0, 25, { service: 'x', status: { code: 'error' } }), span('b', 'root', 75, 25)]));
    const picture = minimapPicture(t, 100, 3);
    expect(picture.bands).toBe(3);
    expect(picture.runs).toEqual([
      { band: 0, x: 0, width: 100, service: t.services.indexOf('svc'), error: false },
      { band: 1, x: 0, width: 25, service: t.services.indexOf('x'), error: true },
      { band: 2, x: 75, width: 25, service: t.services.indexOf('svc'), error: false },
    ]);
  });

  it('draws 100,000 spans as at most one run per pixel column of each band (what keeps it cheap)', () => {
    const big = layoutTrace(normalizeZipkin(generateTrace({ spans: 100_000, seed: 5 })));
    const picture = minimapPicture(big, 1200, 60);
    expect(picture.bands).toBe(60);
    expect(picture.runs.length).toBeGreaterThan(0);
    // Per-pixel bucketing: the picture's size follows the canvas, not the trace.
    expect(picture.runs.length).toBeLessThanOrEqual(60 * 1200);
    expect(picture.runs.length).toBeLessThan(big.spans.length);
    for (const run of picture.runs) {
      expect(run.x).toBeGreaterThanOrEqual(0);
      expect(run.x + run.width).toBeLessThanOrEqual(1200);
    }
  });
});
