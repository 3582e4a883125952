import type { Resource, Span, SpanEvent, SpanKind, SpanLink, Trace } from '../model/traces';
import { separateSharedIds } from './dedupe';
import { finishTrace, isTruthyTag } from './finish';
import { nanosDiffToMicros, nanosToMicros, normalizeId } from './ids';
import { addNote } from './notes';
import { anyValueText } from './otlp-values';
import { type KeyValue, OtlpEnvelopeSchema, type OtlpSpan, parseOtlpSpan, ResourceSpansSchema } from './otlp-schema';
import { firstOf, HOST_ATTRIBUTES, ResourceTable, VERSION_ATTRIBUTES } from './resources';
import { deriveStatus, type StatusEvidence, statusCodeOf } from './status';
import { describeValue, TraceFormatError, Warnings } from './warnings';

/**
 * OTLP/JSON into the trace model: `{resourceSpans}`, Tempo v1 `{batches}`, Tempo v2
 * `{trace: {resourceSpans}, status, message}` (a PARTIAL answer is flagged on the trace),
 * Jaeger v3 `{result: {resourceSpans}}`. Ids hex or base64, keys camelCase or snake_case,
 * enums as names or numbers, 64-bit integers as strings or numbers. One Trace per trace id
 * found, in order of first appearance.
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
  let partial: string | undefined;
  if (e?.status === 'PARTIAL') {
    partial = e.message || 'the backend returned only part of this trace';
    warnings.add(`Tempo returned only part of this trace${e.message ? `: ${e.message}` : ''}; spans may be missing`);
  }

  const resources = new ResourceTable();
  const byTrace = new Map<string, Span[]>();
  let rejected = 0;
  for (const rawResource of resourceSpans) {
    const parsed = ResourceSpansSchema.safeParse(rawResource);
    if (!parsed.success) {
      rejected += 1;
      continue;
    }
    const attributes = attributesOf(parsed.data.resource?.attributes);
    const service = attributes['service.name'] || 'unknown_service';
    delete attributes['service.name'];
    const host = firstOf(attributes, HOST_ATTRIBUTES);
    const version = firstOf(attributes, VERSION_ATTRIBUTES);
    const resource = resources.add({ service, attributes, ...(host ? { host } : {}), ...(version ? { version } : {}) });
    for (const scopeSpans of [...(parsed.data.scopeSpans ?? []), ...(parsed.data.instrumentationLibrarySpans ?? [])]) {
      const scope = scopeSpans.scope ?? scopeSpans.instrumentationLibrary;
      for (const rawSpan of scopeSpans.spans ?? []) {
        const span = parseOtlpSpan(rawSpan);
        const made = span.ok ? toSpan(span.span, service, resource, scope) : undefined;
        if (!made) {
          rejected += 1;
          continue;
        }
        const list = byTrace.get(made.traceId);
        if (list) list.push(made.span);
        else byTrace.set(made.traceId, [made.span]);
      }
    }
  }
  if (rejected > 0) warnings.add(`${rejected} entries are not OTLP spans and were left out`);
  if (byTrace.size === 0) throw new TraceFormatError('the OTLP payload holds no spans');
  const shared = warnings.toArray();
  return [...byTrace].map(([traceId, spans]) => {
    const own = new Warnings();
    own.addAll(shared);
    const table = byTrace.size === 1 ? resources.list : ownResources(spans, resources.list);
    const separated = separateSharedIds(spans, table, own);
    return finishTrace(traceId, separated.spans, table, own, separated.parentIndex, partial);
  });
}

/** The resources one trace's spans use, re-indexed, when one payload held several traces (a search answer). */
function ownResources(spans: Span[], all: readonly Resource[]): Resource[] {
  const table: Resource[] = [];
  const index = new Map<number, number>();
  for (const span of spans) {
    let own = index.get(span.resource);
    if (own === undefined) {
      own = table.length;
      table.push(all[span.resource]!);
      index.set(span.resource, own);
    }
    span.resource = own;
  }
  return table;
}

const KIND_BY_NUMBER: SpanKind[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

function kindOf(raw: string | number | null | undefined): SpanKind {
  if (raw === null || raw === undefined) return 'internal';
  if (typeof raw === 'number' || /^\d+$/.test(raw)) return KIND_BY_NUMBER[Number(raw)] ?? 'internal';
  const name = raw.toUpperCase().replace(/^SPAN_KIND_/, '');
  const found = KIND_BY_NUMBER.find((k) => k.toUpperCase() === name);
  return found ?? 'internal';
}

function toSpan(
  raw: OtlpSpan,
  service: string,
  resource: number,
  scope: { name?: string | null; version?: string | null } | null | undefined,
): { traceId: string; span: Span } | undefined {
  const traceId = normalizeId(raw.traceId);
  const spanId = normalizeId(raw.spanId);
  if (!traceId || !spanId) return undefined;
  const reportedStart = nanosToMicros(raw.startTimeUnixNano);
  // No start (or the zero protobuf JSON leaves out): placed by finishTrace, with a note.
  const start = reportedStart === undefined || reportedStart === 0 ? Number.NaN : reportedStart;
  const attributes: Record<string, string> = {};
  // Named as Jaeger's OTLP converter names them, so both sources read the same.
  if (scope?.name) attributes['otel.library.name'] = scope.name;
  if (scope?.version) attributes['otel.library.version'] = scope.version;
  addAttributes(attributes, raw.attributes);
  const events = raw.events && raw.events.length > 0 ? raw.events.map((event) => eventOf(event, start)) : NO_EVENTS;
  const kind = kindOf(raw.kind);
  const evidence: StatusEvidence = { errorTag: isTruthyTag(attributes.error) };
  if (raw.status) {
    const reported = statusCodeOf(raw.status.code);
    if (reported) evidence.reported = reported;
    if (raw.status.message) evidence.reportedMessage = raw.status.message;
  }
  const span: Span = {
    spanId,
    service,
    operation: raw.name || 'unknown',
    kind,
    resource,
    start,
    duration: 0,
    attributes,
    events,
    status: deriveStatus(evidence, attributes, kind),
  };
  const parentId = normalizeId(raw.parentSpanId);
  if (parentId && !/^0+$/.test(parentId)) span.parentId = parentId;
  // A span with no start is placed (and marked) by finishTrace.
  if (Number.isFinite(start)) finishOf(span, raw, start);
  const links = linksOf(raw.links);
  if (links.length > 0) span.links = links;
  return { traceId, span };
}

// Shared by every span without events (most of them): nothing ever adds to it.
const NO_EVENTS: SpanEvent[] = [];

function eventOf(event: NonNullable<OtlpSpan['events']>[number], start: number): SpanEvent {
  return {
    time: nanosToMicros(event.timeUnixNano) ?? (Number.isFinite(start) ? start : 0),
    name: event.name ?? '',
    attributes: attributesOf(event.attributes),
  };
}

/** The span's end, or why it has none: never a negative duration. */
function finishOf(span: Span, raw: OtlpSpan, start: number): void {
  const end = nanosToMicros(raw.endTimeUnixNano);
  if (end === undefined || end === 0) {
    span.unfinished = true;
    addNote(span, "unfinished: no end time was reported, so its end is unknown; it does not count in the trace's duration");
  } else if (end < start) {
    span.unfinished = true;
    addNote(span, `its reported end is ${start - end} µs before its start; shown as unfinished rather than with a negative duration`);
  } else {
    span.duration = nanosDiffToMicros(raw.startTimeUnixNano!, raw.endTimeUnixNano!) ?? end - start;
  }
}

function linksOf(raw: OtlpSpan['links']): SpanLink[] {
  const links: SpanLink[] = [];
  for (const link of raw ?? []) {
    const traceId = normalizeId(link.traceId);
    const spanId = normalizeId(link.spanId);
    if (!traceId || !spanId) continue;
    const attributes = attributesOf(link.attributes);
    links.push({ traceId, spanId, type: 'link', ...(Object.keys(attributes).length > 0 ? { attributes } : {}) });
  }
  return links;
}

function attributesOf(list: readonly KeyValue[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  addAttributes(out, list);
  return out;
}

function addAttributes(out: Record<string, string>, list: readonly KeyValue[] | null | undefined): void {
  if (!list) return;
  for (const kv of list) if (kv.key) out[kv.key] = anyValueText(kv.value);
}

