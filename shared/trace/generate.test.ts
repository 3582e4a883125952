import { describe, expect, it } from 'vitest';
import { generateTrace } from './generate';
import { toJaegerTrace, toOtlpTrace } from './generate-formats';
import { normalizeJaeger } from './jaeger';
import { normalizeOtlp } from './otlp';
import { hasSchemaShape, parseZipkinRecord, ZipkinSpanSchema } from './zipkin-schema';
import { normalizeZipkin } from './zipkin';

describe('generateTrace', () => {
  it('produces exactly the requested records, deterministic per seed, with shared server halves', () => {
    const a = generateTrace({ spans: 1001, seed: 9 }) as { id: string; shared?: boolean }[];
    expect(a).toHaveLength(1001);
    expect(generateTrace({ spans: 1001, seed: 9 })).toEqual(a);
    expect(generateTrace({ spans: 1001, seed: 10 })).not.toEqual(a);
    expect(a.filter((r) => r.shared).length).toBeGreaterThan(300);
    const trace = normalizeZipkin(a);
    expect(trace.spans).toHaveLength(1001);
    expect(trace.warnings).toEqual([]);
    expect(trace.spans.filter((s) => s.kind === 'server' && s.rpc?.cs !== undefined).length).toBe(a.filter((r) => r.shared).length);
  });
});

describe('the same generated trace in Jaeger and OTLP JSON', () => {
  it('normalises to the same spans, tree and hosts from all three formats', () => {
    const zipkin = normalizeZipkin(generateTrace({ spans: 2000, seed: 4 }));
    const [jaeger] = normalizeJaeger(toJaegerTrace(zipkin));
    const [otlp] = normalizeOtlp(toOtlpTrace(zipkin));
    const shape = (t: typeof zipkin) => {
      const byId = new Map(t.spans.map((s) => [s.spanId, s]));
      return t.spans
        .map((s) => {
          const parent = s.parentId === undefined ? undefined : byId.get(s.parentId);
          const host = t.resources[s.resource]!.host;
          return `${s.service}@${host} ${s.kind} ${s.operation} ${s.start}+${s.duration} ${s.status.code} <- ${parent ? `${parent.operation}@${parent.start}` : '-'}`;
        })
        .sort();
    };
    expect(jaeger!.spans).toHaveLength(2000);
    expect(shape(jaeger!)).toEqual(shape(zipkin));
    expect(shape(otlp!)).toEqual(shape(zipkin));
    expect(jaeger!.warnings).toEqual([]);
    expect(otlp!.warnings).toEqual([]);
  });
});

describe('zipkin record fast path', () => {
  it('accepts only what the zod schema accepts unchanged', () => {
    const base = (generateTrace({ spans: 50, seed: 1 }) as Record<string, unknown>[])[3]!;
    const variants: unknown[] = [
      base,
      { ...base, timestamp: '12' },
      { ...base, id: '' },
      { ...base, tags: [] },
      { ...base, localEndpoint: { serviceName: 3 } },
      { ...base, annotations: [{ timestamp: 1 }] },
      { ...base, shared: 'yes' },
      { ...base, parentId: null },
      null,
      [],
    ];
    for (const v of variants) {
      if (hasSchemaShape(v)) expect(ZipkinSpanSchema.safeParse(v).success).toBe(true);
    }
    expect(hasSchemaShape(base)).toBe(true);
    expect(hasSchemaShape(variants[1])).toBe(false);
    // the lenient zod path still rescues a bad endpoint instead of dropping the span
    expect(parseZipkinRecord(variants[4])).toMatchObject({ ok: true });
    expect(parseZipkinRecord(variants[1])).toMatchObject({ ok: false, problem: 'record 1 (span id f7e79d0000000002): "timestamp" is a string ("12"), not a number (epoch microseconds)' });
  });
});
