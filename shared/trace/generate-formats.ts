import type { Span, Trace } from '../model/traces';

/**
 * A normalised trace written back out as Jaeger's query-service JSON and as OTLP/JSON (the
 * shape Tempo's v2 endpoint wraps), for benchmarks and round-trip tests: the same spans in all
 * three wire formats. A Zipkin server half (`id:server`) gets an id of its own, as Jaeger and
 * OTel instrumentation give every span.
 */
export function toJaegerTrace(trace: Trace): { data: unknown[]; total: number; limit: number; offset: number; errors: null } {
  const ids = wireIds(trace.spans);
  const processes: Record<string, { serviceName: string; tags: { key: string; type: string; value: string }[] }> = {};
  trace.resources.forEach((r, k) => {
    const tags = Object.entries(r.attributes).map(([key, value]) => ({ key, type: 'string', value }));
    if (r.host && r.attributes.hostname === undefined) tags.push({ key: 'hostname', type: 'string', value: r.host });
    processes[`p${k + 1}`] = { serviceName: r.service, tags };
  });
  const spans = trace.spans.map((span) => ({
    traceID: trace.traceId,
    spanID: ids.get(span.spanId)!,
    operationName: span.operation,
    references: span.parentId !== undefined && ids.has(span.parentId) ? [{ refType: 'CHILD_OF', traceID: trace.traceId, spanID: ids.get(span.parentId)! }] : [],
    startTime: span.start,
    duration: span.duration,
    tags: [
      ...Object.entries(span.attributes).map(([key, value]) => ({ key, type: 'string', value })),
      ...(span.kind === 'internal' ? [] : [{ key: 'span.kind', type: 'string', value: span.kind }]),
      ...(span.status.code === 'error' ? [{ key: 'error', type: 'bool', value: true }] : []),
    ],
    logs: span.events.map((e) => ({ timestamp: e.time, fields: [{ key: 'event', type: 'string', value: e.name }] })),
    processID: `p${span.resource + 1}`,
    warnings: null,
  }));
  return { data: [{ traceID: trace.traceId, spans, processes, warnings: null }], total: 0, limit: 0, offset: 0, errors: null };
}

const OTLP_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export function toOtlpTrace(trace: Trace): { trace: { resourceSpans: unknown[] } } {
  const ids = wireIds(trace.spans);
  const byResource = new Map<number, Span[]>();
  for (const span of trace.spans) {
    const list = byResource.get(span.resource);
    if (list) list.push(span);
    else byResource.set(span.resource, [span]);
  }
  const nanos = (us: number) => `${us}000`;
  const resourceSpans = [...byResource].map(([index, spans]) => {
    const r = trace.resources[index]!;
    const attributes = [{ key: 'service.name', value: { stringValue: r.service } }];
    for (const [key, value] of Object.entries(r.attributes)) attributes.push({ key, value: { stringValue: value } });
    if (r.host && r.attributes['host.name'] === undefined) attributes.push({ key: 'host.name', value: { stringValue: r.host } });
    return {
      resource: { attributes },
      scopeSpans: [
        {
          scope: { name: 'lockstep-generator' },
          spans: spans.map((span) => ({
            traceId: trace.traceId.padStart(32, '0'),
            spanId: ids.get(span.spanId)!,
            ...(span.parentId !== undefined && ids.has(span.parentId) ? { parentSpanId: ids.get(span.parentId)! } : {}),
            name: span.operation,
            kind: OTLP_KIND[span.kind],
            startTimeUnixNano: nanos(span.start),
            endTimeUnixNano: nanos(span.start + span.duration),
            attributes: Object.entries(span.attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
            events: span.events.map((e) => ({ timeUnixNano: nanos(e.time), name: e.name })),
            status: span.status.code === 'error' ? { code: 2 } : {},
          })),
        },
      ],
    };
  });
  return { trace: { resourceSpans } };
}

/** 16 hex digits per span: the reported id where it is one, a fresh one for a shared server half. */
function wireIds(spans: readonly Span[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const span of spans) if (/^[0-9a-f]{16}$/.test(span.spanId)) used.add(span.spanId);
  let counter = 0;
  for (const span of spans) {
    if (/^[0-9a-f]{16}$/.test(span.spanId)) {
      ids.set(span.spanId, span.spanId);
      continue;
    }
    let id: string;
    do {
      counter += 1;
      id = `f${counter.toString(16).padStart(15, '0')}`;
    } while (used.has(id));
    used.add(id);
    ids.set(span.spanId, id);
  }
  return ids;
}
