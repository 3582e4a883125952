import type { z } from 'zod';
import type { Span, SpanKind, Trace } from '../model/traces';
import { dedupeSpanIds } from './dedupe';
import { finishTrace, isTruthyTag, tagText } from './finish';
import { base64ToHex, nanosDiffToMicros, nanosToMicros, normalizeId } from './ids';
import { AnyValueSchema, KeyValueSchema, OtlpEnvelopeSchema, OtlpSpanSchema, ResourceSpansSchema } from './otlp-schema';
import { describeValue, TraceFormatError, Warnings } from './warnings';

/**
 * OTLP/JSON into the trace model: `{resourceSpans}`, Tempo v1 `{batches}`, Tempo v2
 * `{trace: {resourceSpans}, status, message}`, Jaeger v3 `{result: {resourceSpans}}`.
 * One Trace per trace id found, in order of first appearance.
 */
export function normalizeOtlp(input: unknown): Trace[] {
  const envelope = OtlpEnvelopeSchema.safeParse(input);
  const e = envelope.success ? envelope.data : undefined;
  const resourceSpans =
    e?.resourceSpans ?? e?.batches ?? e?.trace?.resourceSpans ?? e?.trace?.batches ?? e?.result?.resourceSpans ?? undefined;
  if (!resourceSpans) {
    throw new TraceFormatError(`expected OTLP/JSON ({resourceSpans} or Tempo's {batches}) but got ${describeValue(input)}`);
  }
  const warnings = new Warnings();
  if (e?.status === 'PARTIAL') warnings.add(`Tempo returned only part of this trace${e.message ? `: ${e.message}` : ''}`);

  const byTrace = new Map<string, Span[]>();
  let rejected = 0;
  for (const rawResource of resourceSpans) {
    const resource = ResourceSpansSchema.safeParse(rawResource);
    if (!resource.success) {
      rejected += 1;
      continue;
    }
    const resourceTags = attributesToTags(resource.data.resource?.attributes);
    const service = resourceTags['service.name'] || 'unknown_service';
    delete resourceTags['service.name'];
    for (const scopeSpans of [...(resource.data.scopeSpans ?? []), ...(resource.data.instrumentationLibrarySpans ?? [])]) {
      const scope = scopeSpans.scope ?? scopeSpans.instrumentationLibrary;
      for (const rawSpan of scopeSpans.spans ?? []) {
        const parsed = OtlpSpanSchema.safeParse(rawSpan);
        const span = parsed.success ? toSpan(parsed.data, service, resourceTags, scope) : undefined;
        if (!span) {
          rejected += 1;
          continue;
        }
        const list = byTrace.get(span.traceId);
        if (list) list.push(span.span);
        else byTrace.set(span.traceId, [span.span]);
      }
    }
  }
  if (rejected > 0) warnings.add(`${rejected} entries are not OTLP spans and were left out`);
  if (byTrace.size === 0) throw new TraceFormatError('the OTLP payload holds no spans');
  const shared = warnings.toArray();
  return [...byTrace].map(([traceId, spans]) => {
    const own = new Warnings();
    own.addAll(shared);
    return finishTrace(traceId, dedupeSpanIds(spans, own), own);
  });
}

const KIND_BY_NUMBER: SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

function kindOf(raw: string | number | null | undefined): SpanKind {
  if (raw === null || raw === undefined) return 'internal';
  if (typeof raw === 'number' || /^\d+$/.test(raw)) return KIND_BY_NUMBER[Number(raw)] ?? 'internal';
  const name = raw.toUpperCase().replace(/^SPAN_KIND_/, '');
  const found = KIND_BY_NUMBER.find((k) => k.toUpperCase() === name);
  return found ?? 'internal';
}

/** STATUS_CODE_UNSET = 0, OK = 1, ERROR = 2, as numbers or names. */
function statusOf(raw: string | number | null | undefined): 'OK' | 'ERROR' | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = String(raw).toUpperCase().replace(/^STATUS_CODE_/, '');
  if (text === '2' || text === 'ERROR') return 'ERROR';
  if (text === '1' || text === 'OK') return 'OK';
  return undefined;
}

function toSpan(
  raw: z.infer<typeof OtlpSpanSchema>,
  service: string,
  resourceTags: Record<string, string>,
  scope: { name?: string | null; version?: string | null } | null | undefined,
): { traceId: string; span: Span } | undefined {
  const traceId = normalizeId(raw.traceId);
  const spanId = normalizeId(raw.spanId);
  const start = nanosToMicros(raw.startTimeUnixNano);
  if (!traceId || !spanId || start === undefined) return undefined;
  const duration = raw.endTimeUnixNano ? (nanosDiffToMicros(raw.startTimeUnixNano, raw.endTimeUnixNano) ?? 0) : 0;
  const tags: Record<string, string> = { ...resourceTags };
  // Named as Jaeger's OTLP converter names them, so both sources read the same.
  if (scope?.name) tags['otel.library.name'] = scope.name;
  if (scope?.version) tags['otel.library.version'] = scope.version;
  Object.assign(tags, attributesToTags(raw.attributes));
  const status = statusOf(raw.status?.code);
  if (status) tags['otel.status_code'] = status;
  if (raw.status?.message) tags['otel.status_description'] = raw.status.message;
  const logs = (raw.events ?? []).map((event) => ({
    time: nanosToMicros(event.timeUnixNano) ?? start,
    fields: { ...(event.name ? { event: event.name } : {}), ...attributesToTags(event.attributes) },
  }));
  return {
    traceId,
    span: {
      spanId,
      parentId: normalizeId(raw.parentSpanId),
      service,
      operation: raw.name || 'unknown',
      kind: kindOf(raw.kind),
      start,
      duration,
      tags,
      logs,
      error: status === 'ERROR' || isTruthyTag(tags.error),
    },
  };
}

function attributesToTags(list: z.infer<typeof KeyValueSchema>[] | null | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const kv of list ?? []) if (kv.key) tags[kv.key] = anyValueText(kv.value);
  return tags;
}

function anyValueText(value: z.infer<typeof AnyValueSchema> | null | undefined): string {
  if (!value) return '';
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return String(value.boolValue);
  if (value.intValue !== undefined && value.intValue !== null) return String(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) return String(value.doubleValue);
  if (value.bytesValue) return base64ToHex(value.bytesValue) ?? value.bytesValue;
  if (value.arrayValue !== undefined) return tagText(value.arrayValue);
  if (value.kvlistValue !== undefined) return tagText(value.kvlistValue);
  return '';
}
