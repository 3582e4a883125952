import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model/traces';
import { TraceFormatError } from './warnings';
import { normalizeZipkin } from './zipkin';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));
const byId = (spans: Span[], id: string): Span => {
  const span = spans.find((s) => s.spanId === id);
  if (!span) throw new Error(`no span ${id} in ${spans.map((s) => s.spanId).join(', ')}`);
  return span;
};

describe('normalizeZipkin', () => {
  it('splits shared client/server halves listed server-first, and corrects clock skew (skew.json)', () => {
    const trace = normalizeZipkin(fixture('skew.json'));
    expect(trace.traceId).toBe('1e223ff1f80f1c69');
    expect(trace.spans).toHaveLength(4);
    const client = byId(trace.spans, '74280ae0c10d8062');
    const server = byId(trace.spans, '74280ae0c10d8062:server');
    const async = byId(trace.spans, '43210ae0c10d1234');
    expect(client).toMatchObject({ kind: 'client', service: 'servicea', parentId: 'bf396325699c84bf' });
    expect(server).toMatchObject({ kind: 'server', service: 'serviceb', parentId: '74280ae0c10d8062' });
    // serviceb's clock ran ~66 ms behind: its spans are moved inside the client call.
    expect(server.start).toBeGreaterThanOrEqual(client.start);
    expect(server.start + server.duration).toBeLessThanOrEqual(client.start + client.duration);
    // network assumed symmetric: (94539 - 93577) / 2 on each side
    expect(server.start - client.start).toBeCloseTo(481, 0);
    expect(async.parentId).toBe('74280ae0c10d8062:server');
    expect(async.start - server.start).toBe(1470150004008762 - 1470150004008761);
    expect(trace.warnings.some((w) => w.includes('clock skew') && w.includes('serviceb'))).toBe(true);
    expect(server.rpc).toEqual({ cs: client.start, sr: server.start, ss: server.start + server.duration, cr: client.start + client.duration });
    expect(client.rpc).toEqual(server.rpc);
  });

  it('keeps annotations, tags and remote service names (yelp.json)', () => {
    const raw = fixture('yelp.json') as unknown[];
    const trace = normalizeZipkin(raw);
    expect(trace.spans).toHaveLength(raw.length);
    // the annotated record is the shared server half of 668ed78ad94b35a1
    const span = byId(trace.spans, '668ed78ad94b35a1:server');
    expect(span.service).toBe('yelp_main/api_proxy');
    expect(span.logs.map((l) => l.fields.event)).toContain('py_zipkin.logging_end');
    const memcache = trace.spans.find((s) => s.operation === 'set mobile_api_nonce')!;
    expect(memcache.tags['peer.service']).toBe('memcache');
    expect(memcache.rpc).toEqual({ cs: 1571896375302030, cr: 1571896375302030 + 1026 });
    const pair = byId(trace.spans, '7a778764a0d0b594:server');
    expect(pair.rpc).toEqual({ cs: 1571896375310000, sr: 1571896375310740, ss: 1571896375310740 + 1490, cr: 1571896375313000 });
    expect(trace.warnings).toEqual([]);
  });

  it('links a consumer to its producer without a client receive (messaging.json)', () => {
    const trace = normalizeZipkin(fixture('messaging.json'));
    const producer = byId(trace.spans, '05e3ac9a4f6e3b90');
    const consumer = byId(trace.spans, 'e457b5a2e4d86bd1');
    expect(producer.kind).toBe('producer');
    expect(consumer.kind).toBe('consumer');
    expect(consumer.rpc).toEqual({ cs: producer.start, sr: consumer.start, ss: consumer.start + consumer.duration });
    expect(consumer.rpc?.cr).toBeUndefined();
    expect(byId(trace.spans, '4ad2db84ac76def7').kind).toBe('internal');
  });

  it('accepts a lone shared server span with no service name (envoy.json)', () => {
    const trace = normalizeZipkin(fixture('envoy.json'));
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ spanId: '978883983d506fa5', service: 'unknown', kind: 'server', parentId: undefined });
    expect(trace.spans[0]!.tags['http.status_code']).toBe('200');
  });

  it('normalises the kafka messaging trace without losing spans', () => {
    const raw = fixture('messaging-kafka.json') as unknown[];
    const trace = normalizeZipkin(raw);
    expect(trace.spans.length).toBeGreaterThan(0);
    expect(trace.spans.length).toBeLessThanOrEqual(raw.length);
    expect(new Set(trace.spans.map((s) => s.spanId)).size).toBe(trace.spans.length);
  });

  it('marks errors, skips broken records with a warning and rejects non-traces', () => {
    const trace = normalizeZipkin([
      { traceId: 'a', id: '1', name: 'root', timestamp: 10, duration: 5, tags: { error: '', attempt: 2 } },
      { id: 'no-trace-id' },
      'garbage',
    ]);
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]!.error).toBe(true);
    expect(trace.spans[0]!.tags.attempt).toBe('2');
    expect(trace.warnings[0]).toMatch(/2 records are not Zipkin spans/);
    expect(() => normalizeZipkin({ data: [] })).toThrow(TraceFormatError);
    expect(() => normalizeZipkin([])).toThrow(/no spans/);
  });
});
