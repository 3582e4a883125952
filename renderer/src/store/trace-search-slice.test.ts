import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IncidentBundleSchema } from '../../../shared/api/bundle';
import type { Trace } from '../../../shared/model/traces';
import { normalizeJaeger } from '../../../shared/trace/jaeger';
import { normalizeZipkin } from '../../../shared/trace/zipkin';
import { createBundleClient } from '../api/bundle-client';
import { sampleBundle } from '../test/fixtures';
import { resetStore, useStore } from './store';

// Recorded traces from /work/shared/fixtures (copied into shared/testdata/trace; sources in that README):
// zipkin/yelp.json, zipkin/skew.json (openzipkin/zipkin zipkin-lens/testdata), jaeger/ui_01.json (jaegertracing/jaeger).
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/testdata/trace/${name}`, import.meta.url), 'utf8'));
const yelp = normalizeZipkin(fixture('yelp.json'));
const skew = normalizeZipkin(fixture('skew.json'));
const [ui01] = normalizeJaeger(fixture('ui_01.json')) as [Trace];
const firstStartMs = (t: Trace) => Math.min(...t.spans.map((s) => s.start)) / 1000;

function attach() {
  const bundle = IncidentBundleSchema.parse({ ...sampleBundle(), traces: [yelp, skew, ui01] });
  return useStore.getState().attachClient(createBundleClient(bundle, 'traces.json'));
}
const search = () => useStore.getState().traceSearch;

beforeEach(() => {
  // The recorded traces are from 2019: "now" is an hour after the yelp trace, so a 7-day lookback holds all three.
  vi.useFakeTimers({ now: firstStartMs(yelp) + 3_600_000, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  resetStore();
});

describe('trace search slice on recorded traces', () => {
  it('lists the services, then one service’s operations', async () => {
    await attach();
    useStore.getState().openTraceSearch();
    await vi.waitFor(() => expect(search().services.status).toBe('ready'));
    expect(search().open).toBe(true);
    expect(search().services.value).toEqual(['mobile_api', 'routing', 'servicea', 'serviceb', 'service-x', 'service-y', 'spectre', 'unknown', 'yelp-main', 'yelp_main/api_proxy'].sort((a, b) => a.localeCompare(b)));
    useStore.getState().setSearchForm({ service: 'mobile_api' });
    await vi.waitFor(() => expect(search().operations.status).toBe('ready'));
    expect(search().operations.value).toEqual(['get', 'get_multi mobile_api_nonce', 'post', 'post /location/update/v4', 'set mobile_api_nonce']);
  });

  it('searches by service and minimum duration, and says what was searched when nothing matched', async () => {
    await attach();
    useStore.getState().setSearchForm({ service: 'mobile_api', minDuration: '40ms', lookback: '7d' });
    await useStore.getState().runTraceSearch();
    expect(search().status).toBe('ready');
    // mobile_api's server span lasted 41.74 ms: over 40 ms, under 45 ms.
    expect(search().result?.traces.map((t) => t.traceId)).toEqual([yelp.traceId]);
    expect(search().result?.traces[0]).toMatchObject({ rootService: 'routing', duration: 131848 });
    useStore.getState().setSearchForm({ minDuration: '45ms' });
    await useStore.getState().runTraceSearch();
    expect(search().result?.traces).toEqual([]);
    expect(search().searched).toBe('service mobile_api, at least 45.0 ms, in the last 7 days');
  });

  it('refuses a form it cannot read, in one sentence, without asking the source', async () => {
    await attach();
    useStore.getState().setSearchForm({ minDuration: '2 seconds' });
    await useStore.getState().runTraceSearch();
    expect(search().formError).toBe('The minimum duration "2 seconds" is not a duration: write e.g. 250ms, 1.5s or 300us.');
    expect(search().status).toBe('idle');
  });

  it('sorts by a column, flipping on a second click', async () => {
    await attach();
    useStore.getState().sortTraceResults('duration');
    expect(search().sort).toEqual({ column: 'duration', descending: true });
    useStore.getState().sortTraceResults('duration');
    expect(search().sort).toEqual({ column: 'duration', descending: false });
  });

  it('compares two picked traces, keeping only the last two picks', async () => {
    await attach();
    for (const id of [ui01.traceId, skew.traceId, yelp.traceId]) useStore.getState().togglePicked(id);
    expect(search().picked).toEqual([skew.traceId, yelp.traceId]);
    await useStore.getState().compareTraceIds(skew.traceId, yelp.traceId);
    const compare = search().compare;
    expect(compare?.status).toBe('ready');
    expect(compare?.comparison?.services.find((r) => r.service === 'servicea')).toMatchObject({ countA: 2, countB: 0, change: 'removed' });
    await useStore.getState().compareTraceIds(skew.traceId, 'nothex');
    expect(search().compare).toMatchObject({ status: 'error', error: '"nothex" is not a trace id: a trace id is 1 to 32 hex digits.' });
    await useStore.getState().compareTraceIds(skew.traceId, 'abcdef');
    expect(search().compare?.error).toMatch(/^Trace B \(abcdef\) could not be loaded: Trace abcdef is not in this incident file/);
  });

  it('holds a deep link until the session is there, then opens the trace with the span selected', async () => {
    const spanId = '7a778764a0d0b594';
    useStore.getState().followTraceLink({ traceId: yelp.traceId.toLowerCase(), spanId });
    expect(search().pendingLink).toEqual({ traceId: yelp.traceId.toLowerCase(), spanId });
    expect(useStore.getState().traceView).toBeNull();
    await attach();
    useStore.getState().flushPendingTraceLink();
    await vi.waitFor(() => expect(useStore.getState().traceView?.status).toBe('ready'));
    useStore.getState().applyLinkedSpan();
    const view = useStore.getState().traceView!;
    // The client half keeps the reported id; its server half is '…:server'.
    expect(view.layout?.spans[view.selectedSpan!]?.spanId).toBe(spanId);
    expect(search().pendingLink).toBeUndefined();
    expect(search().linkedSpan).toBeUndefined();
  });
});
