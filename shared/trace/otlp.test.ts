import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../model/traces';
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

describe('normalizeOtlp', () => {
  it('matches the Jaeger model of the same trace (otlp-in.json vs jaeger-out.json)', () => {
    const fromOtlp = normalizeOtlp(fixture('otlp-in.json'));
    const fromJaeger = normalizeJaeger(fixture('jaeger-out.json'));
    expect(fromOtlp).toHaveLength(1);
    expect(fromOtlp[0]!.spans).toHaveLength(1);
    expect(fromOtlp[0]!.spans[0]).toMatchObject({ kind: 'server', service: 'telemetrygen', duration: 123, start: 1706678909209712 });
    expect(fromOtlp.map(sorted)).toEqual(fromJaeger.map(sorted));
  });

  it('matches the Jaeger model for several resources and scopes (otlp-multi-in.json)', () => {
    const fromOtlp = normalizeOtlp(fixture('otlp-multi-in.json'));
    const fromJaeger = normalizeJaeger(fixture('jaeger-multi-out.json'));
    expect(fromOtlp.map(sorted)).toEqual(fromJaeger.map(sorted));
    const root = fromOtlp[0]!.spans.find((s) => s.spanId === 'eff3153be6b1fb93')!;
    expect(root.duration).toBe(176321);
    expect(root.tags['telemetry.sdk.language']).toBe('nodejs');
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
      expect(trace.spans.every((s) => s.kind === 'client' && s.error && s.tags['otel.status_description'] === 'boom')).toBe(true);
    }
    expect(v2.warnings[0]).toMatch(/only part of this trace: ingester down/);
  });

  it('splits spans by trace id, reads events and rejects what is not OTLP', () => {
    const traces = normalizeOtlp({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lock-service' } }] },
          scopeSpans: [
            {
              spans: [
                { traceId: 'a'.repeat(32), spanId: '1'.repeat(16), name: 'x', kind: 3, startTimeUnixNano: '1000000', endTimeUnixNano: '3000000',
                  attributes: [{ key: 'retries', value: { intValue: '3' } }, { key: 'ok', value: { boolValue: true } }],
                  events: [{ timeUnixNano: '2000000', name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'timeout' } }] }] },
                { traceId: 'b'.repeat(32), spanId: '2'.repeat(16), name: 'y', startTimeUnixNano: 5000000 },
                { spanId: 'no trace id' },
              ],
            },
          ],
        },
      ],
    });
    expect(traces.map((t) => t.traceId)).toEqual(['a'.repeat(32), 'b'.repeat(32)]);
    const span = traces[0]!.spans[0]!;
    expect(span).toMatchObject({ service: 'lock-service', kind: 'client', start: 1000, duration: 2000, tags: { retries: '3', ok: 'true' } });
    expect(span.logs).toEqual([{ time: 2000, fields: { event: 'exception', 'exception.message': 'timeout' } }]);
    expect(traces[0]!.warnings).toContain('1 entries are not OTLP spans and were left out');
    expect(() => normalizeOtlp({ data: [] })).toThrow(/expected OTLP/);
  });
});
