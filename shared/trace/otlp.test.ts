import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../model/traces';
import { otlpSpanProblems } from '../testdata/trace-checks';
import { normalizeJaeger } from './jaeger';
import { normalizeOtlp } from './otlp';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../testdata/trace/${name}`, import.meta.url), 'utf8'));
const sorted = (trace: Trace) => ({ ...trace, spans: [...trace.spans].sort((a, b) => a.spanId.localeCompare(b.spanId)) });
const base64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Rewrites every object key (test-only; fixtures are shallow). */
function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, rename));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), mapKeys(v, rename)]));
  }
  return value;
}

describe('normalizeOtlp, span by span', () => {
  it.each([
    'otlp-in.json',
    'otlp-multi-in.json',
    'tempo-traces-v1-batches.json',
    'tempo-traces-v2.json',
    'tempo-kiali-trace-v1-batches.json',
    'tempo-tempopb-trace-batches.json',
    'tempo-v2-partial-built.json',
    'jaeger-apiv3-find-traces.json',
    'jaeger-v3-trace-local-2.21.0.json',
  ])('keeps every span of %s, and no time is negative', (name) => {
    const json = fixture(name);
    expect(otlpSpanProblems(json, normalizeOtlp(json))).toEqual([]);
    // the same payload with snake_case keys reads the same
    expect(otlpSpanProblems(json, normalizeOtlp(mapKeys(json, snake)))).toEqual([]);
  });
});

describe('normalizeOtlp', () => {
  it('matches the Jaeger model of the same trace (otlp-in.json vs jaeger-out.json)', () => {
    const fromOtlp = normalizeOtlp(fixture('otlp-in.json'));
    const fromJaeger = normalizeJaeger(fixture('jaeger-out.json'));
    expect(fromOtlp).toHaveLength(1);
    expect(fromOtlp[0]!.spans).toHaveLength(1);
    expect(fromOtlp[0]!.spans[0]).toMatchObject({
      kind: 'server',
      service: 'telemetrygen',
      duration: 123,
      start: 1706678909209712,
      notes: ['reported 2 times under id e127af99e3b3e074 with identical content; shown once'],
    });
    expect(fromOtlp.map(sorted)).toEqual(fromJaeger.map(sorted));
  });

  it('matches the Jaeger model for several resources and scopes (otlp-multi-in.json)', () => {
    const fromOtlp = normalizeOtlp(fixture('otlp-multi-in.json'));
    const fromJaeger = normalizeJaeger(fixture('jaeger-multi-out.json'));
    expect(fromOtlp.map(sorted)).toEqual(fromJaeger.map(sorted));
    const root = fromOtlp[0]!.spans.find((s) => s.spanId === 'eff3153be6b1fb93')!;
    expect(root.duration).toBe(176321);
    expect(fromOtlp[0]!.resources[root.resource]!.attributes['telemetry.sdk.language']).toBe('nodejs');
  });

  it("flags Tempo's PARTIAL answer on the trace, derives an error from HTTP 504 beside a reported OK, and marks the span with no end", () => {
    const [trace] = normalizeOtlp(fixture('tempo-v2-partial-built.json'));
    expect(trace!.partial).toBe('Trace exceeds maximum size of 5000000 bytes, a partial trace is returned');
    expect(trace!.warnings).toEqual([
      'Tempo returned only part of this trace: Trace exceeds maximum size of 5000000 bytes, a partial trace is returned; spans may be missing',
    ]);
    expect(trace!.traceId).toBe('5b8efff798038103d269b633813fc700');
    expect(trace!.resources).toEqual([
      { service: 'lock-service', version: '2.4.1', host: 'lock-7f9c', attributes: { 'service.version': '2.4.1', 'host.name': 'lock-7f9c' } },
    ]);
    const [server, producer] = trace!.spans;
    expect(server).toMatchObject({ spanId: 'eee19b7ec3c1b100', kind: 'server', duration: 250_000, status: { code: 'error', message: 'HTTP 504', reported: 'ok' } });
    expect(producer).toMatchObject({ spanId: 'eee19b7ec3c1b101', parentId: 'eee19b7ec3c1b100', kind: 'producer', unfinished: true, duration: 0 });
    expect(producer!.rpc).toEqual({ cs: producer!.start });
  });

  it("reads Jaeger v3's answer: numeric kinds and statuses, links into another trace, every AnyValue kind (jaeger-v3-trace-local-2.21.0.json)", () => {
    const [trace] = normalizeOtlp(fixture('jaeger-v3-trace-local-2.21.0.json'));
    const [root, unset, numeric] = trace!.spans;
    expect(root!.status).toEqual({ code: 'error', message: 'probe error status' });
    expect(root!.links).toEqual([{ traceId: 'fedcba9876543210fedcba9876543210', spanId: 'fedcba9876543210', type: 'link' }]);
    expect(root!.attributes).toEqual({
      'otel.library.name': 'lfx-proposal',
      'otel.library.version': '1.0.0',
      array: '["first",false,"9223372036854775807"]',
      bytes: 'AQID',
      empty: '',
      false: 'false',
      float: '1.5',
      integer: '0',
      nested: '{"child":["value"]}',
    });
    expect(root!.events).toEqual([{ time: 1786934400000500, name: 'retry', attributes: { attempt: '1' } }]);
    expect(unset).toMatchObject({ kind: 'internal', status: { code: 'unset' }, duration: 100 });
    expect(numeric).toMatchObject({ kind: 'server', status: { code: 'ok' } });
  });

  it('places a span sent with no start at all (a zero left out of protobuf JSON) and says so (jaeger-apiv3-find-traces.json)', () => {
    const [trace] = normalizeOtlp(fixture('jaeger-apiv3-find-traces.json'));
    expect(trace!.spans[0]).toMatchObject({ spanId: '0000000000000002', kind: 'server', unfinished: true, status: { code: 'error' } });
    expect(trace!.spans[0]!.notes).toEqual(['no time was reported for this span; drawn at the start of its parent']);
  });

  it("reads Tempo's envelopes, base64 ids, snake_case keys and enum names", () => {
    const input = fixture('otlp-multi-in.json') as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    for (const rs of input.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          span.traceId = base64(span.traceId as string);
          span.spanId = base64(span.spanId as string);
          if (span.parentSpanId) span.parentSpanId = base64(span.parentSpanId as string);
          span.kind = 'SPAN_KIND_CLIENT';
          span.status = { code: 'STATUS_CODE_ERROR', message: 'boom' };
        }
      }
    }
    const expected = normalizeOtlp(fixture('otlp-multi-in.json'))[0]!;
    const v1 = normalizeOtlp({ batches: input.resourceSpans })[0]!;
    const v2 = normalizeOtlp(mapKeys({ trace: { resourceSpans: input.resourceSpans }, status: 'PARTIAL', message: 'ingester down' }, snake))[0]!;
    for (const trace of [v1, v2]) {
      expect(trace.traceId).toBe(expected.traceId);
      expect(trace.spans.map((s) => [s.spanId, s.parentId])).toEqual(expected.spans.map((s) => [s.spanId, s.parentId]));
      expect(trace.spans.every((s) => s.kind === 'client' && s.status.code === 'error' && s.status.message === 'boom')).toBe(true);
    }
    expect(v2.partial).toBe('ingester down');
    expect(v1.partial).toBeUndefined();
  });

  it('reads upper-case hex ids and numeric kinds (tempopb-trace-batches.json)', () => {
    const [trace] = normalizeOtlp(fixture('tempo-tempopb-trace-batches.json'));
    expect(trace!.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(trace!.spans[0]).toMatchObject({ spanId: 'eee19b7ec3c1b174', parentId: 'eee19b7ec3c1b173', kind: 'server', duration: 1_000_000 });
  });

  it('splits spans by trace id, keeping only each trace\'s own resources, reads events and rejects what is not OTLP', () => {
    const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
    const traces = normalizeOtlp({
      resourceSpans: [
        {
          resource: resource('lock-service'),
          scopeSpans: [
            {
              spans: [
                { traceId: 'a'.repeat(32), spanId: '1'.repeat(16), name: 'x', kind: 3, startTimeUnixNano: '1000000', endTimeUnixNano: '3000000',
                  attributes: [{ key: 'retries', value: { intValue: '3' } }, { key: 'ok', value: { boolValue: true } }],
                  events: [{ timeUnixNano: '2000000', name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'timeout' } }] }] },
                { spanId: 'no trace id' },
              ],
            },
          ],
        },
        { resource: resource('ride-service'), scopeSpans: [{ spans: [{ traceId: 'b'.repeat(32), spanId: '2'.repeat(16), name: 'y', startTimeUnixNano: 5000000, endTimeUnixNano: 4000000 }] }] },
      ],
    });
    expect(traces.map((t) => t.traceId)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    const span = traces[0]!.spans[0]!;
    expect(span).toMatchObject({ service: 'lock-service', resource: 0, kind: 'client', start: 1000, duration: 2000, attributes: { retries: '3', ok: 'true' } });
    expect(span.events).toEqual([{ time: 2000, name: 'exception', attributes: { 'exception.message': 'timeout' } }]);
    expect(traces[0]!.warnings).toContain('1 entries are not OTLP spans and were left out');
    expect(traces[0]!.resources.map((r) => r.service)).toEqual(['lock-service']);
    expect(traces[1]!.resources.map((r) => r.service)).toEqual(['ride-service']);
    // an end before the start is no negative duration
    expect(traces[1]!.spans[0]).toMatchObject({ resource: 0, unfinished: true, duration: 0 });
    expect(traces[1]!.spans[0]!.notes).toEqual(['its reported end is 1000 µs before its start; shown as unfinished rather than with a negative duration']);
    expect(() => normalizeOtlp({ data: [] })).toThrow(/expected OTLP/);
  });
});
