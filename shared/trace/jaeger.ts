import type { Span, SpanEvent, SpanKind, SpanLink, Trace } from '../model/traces';
import { separateSharedIds } from './dedupe';
import { finishTrace, isTruthyTag, tagText } from './finish';
import { EnvelopeSchema, type JaegerProcess, type JaegerSpan, JaegerTraceSchema, type JaegerTrace, parseJaegerSpan } from './jaeger-schema';
import { addNote } from './notes';
import { firstOf, HOST_ATTRIBUTES, ResourceTable, VERSION_ATTRIBUTES } from './resources';
import { deriveStatus, type StatusEvidence, statusCodeOf } from './status';
import { describeValue, TraceFormatError, Warnings } from './warnings';

/** Jaeger `/api/traces/{id}` and `/api/traces?…` (`{data: [...], errors}`), the UI's `{data: trace}`, or one trace object. */
export function normalizeJaeger(input: unknown): Trace[] {
  const direct = JaegerTraceSchema.safeParse(input);
  if (direct.success) return [normalizeOne(direct.data)];
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    throw new TraceFormatError(`expected a Jaeger trace ({data: [...]}) but got ${describeValue(input)}`);
  }
  const errors = (envelope.data.errors ?? []).map((e) => e.msg).filter((m): m is string => !!m);
  const data = envelope.data.data;
  const items = Array.isArray(data) ? data : data === null || data === undefined ? [] : [data];
  if (items.length === 0 && errors.length > 0) throw new TraceFormatError(`Jaeger reported: ${errors.join('; ')}`);
  return items.map((item, k) => {
    const parsed = JaegerTraceSchema.safeParse(item);
    if (!parsed.success) throw new TraceFormatError(`trace ${k + 1} in the Jaeger answer is not a trace: ${describeValue(item)}`);
    const trace = normalizeOne(parsed.data);
    return errors.length ? { ...trace, warnings: [...errors.map((e) => `Jaeger reported: ${e}`), ...trace.warnings] } : trace;
  });
}

function normalizeOne(trace: JaegerTrace): Trace {
  const warnings = new Warnings();
  warnings.addAll(trace.warnings);
  const resources = new ResourceTable();
  const processes = trace.processes ?? {};
  const resourceByProcess = new Map<string, number>();
  const embedded = new Map<JaegerProcess, number>();
  const spans: Span[] = [];
  let rejected = 0;
  let traceId = (trace.traceID ?? '').toLowerCase();
  for (const item of trace.spans) {
    const parsed = parseJaegerSpan(item);
    if (!parsed.ok) {
      rejected += 1;
      continue;
    }
    const raw = parsed.span;
    if (!traceId && raw.traceID) traceId = raw.traceID.toLowerCase();
    let resource: number | undefined;
    if (raw.process) {
      resource = embedded.get(raw.process);
      if (resource === undefined) {
        resource = resources.add(resourceOf(raw.process));
        embedded.set(raw.process, resource);
      }
    } else {
      const id = raw.processID ?? '';
      resource = resourceByProcess.get(id);
      if (resource === undefined) {
        const process = processes[id];
        if (!process && id) warnings.add(`span ${raw.spanID} names process ${id}, which the trace does not list`);
        resource = resources.add(resourceOf(process));
        resourceByProcess.set(id, resource);
      }
    }
    const span = toSpan(raw, traceId, resource, resources.list[resource]!.service);
    if (raw.warnings?.length) {
      warnings.addAll(raw.warnings.map((w) => `span ${raw.spanID}: ${w}`));
      for (const w of raw.warnings) addNote(span, `Jaeger: ${w}`);
    }
    spans.push(span);
  }
  if (rejected > 0) warnings.add(`${rejected} entries are not Jaeger spans and were left out`);
  if (spans.length === 0) throw new TraceFormatError(`trace ${traceId || '(no id)'} has no spans`);
  const separated = separateSharedIds(spans, resources.list, warnings);
  return finishTrace(traceId, separated.spans, resources.list, warnings, separated.parentIndex);
}

function resourceOf(process: JaegerProcess | undefined) {
  const attributes: Record<string, string> = {};
  for (const kv of process?.tags ?? []) attributes[kv.key] = tagText(kv.value);
  const host = firstOf(attributes, HOST_ATTRIBUTES);
  const version = firstOf(attributes, VERSION_ATTRIBUTES);
  return { service: process?.serviceName || 'unknown', attributes, ...(host ? { host } : {}), ...(version ? { version } : {}) };
}

const KINDS: Record<string, SpanKind> = {
  client: 'client',
  server: 'server',
  producer: 'producer',
  consumer: 'consumer',
  internal: 'internal',
};

// Shared by every span without logs (most of them): nothing ever adds to it.
const NO_EVENTS: SpanEvent[] = [];

/** Tags Jaeger (and its OTLP converter) use to carry what the model holds in its own fields. */
const MODEL_TAGS = new Set(['span.kind', 'otel.status_code', 'otel.status_description']);

function toSpan(raw: JaegerSpan, traceId: string, resource: number, service: string): Span {
  const attributes: Record<string, string> = {};
  let kindTag: string | undefined;
  let statusTag: string | undefined;
  let statusText: string | undefined;
  for (const kv of raw.tags ?? []) {
    const text = tagText(kv.value);
    if (!MODEL_TAGS.has(kv.key)) attributes[kv.key] = text;
    else if (kv.key === 'span.kind') kindTag = text;
    else if (kv.key === 'otel.status_code') statusTag = text;
    else statusText = text;
  }
  const events = !raw.logs || raw.logs.length === 0 ? NO_EVENTS : raw.logs.map((log) => {
    const fields: Record<string, string> = {};
    let name = '';
    for (const kv of log.fields ?? []) {
      if (kv.key === 'event' && !name) name = tagText(kv.value);
      else fields[kv.key] = tagText(kv.value);
    }
    return { time: log.timestamp, name, attributes: fields };
  });
  const kind = (kindTag && KINDS[kindTag.toLowerCase()]) || 'internal';
  const evidence: StatusEvidence = { errorTag: isTruthyTag(attributes.error) };
  const reported = statusCodeOf(statusTag);
  if (reported) evidence.reported = reported;
  if (statusText) evidence.reportedMessage = statusText;
  const span: Span = {
    spanId: raw.spanID.toLowerCase(),
    service,
    operation: raw.operationName || 'unknown',
    kind,
    resource,
    start: raw.startTime,
    duration: raw.duration ?? 0,
    attributes,
    events,
    status: deriveStatus(evidence, attributes, kind),
  };
  if (raw.duration === undefined || raw.duration === null) {
    span.unfinished = true;
    span.notes = ['unfinished: Jaeger reported no duration, so its end is unknown; it does not count in the trace\'s duration'];
  }
  linkReferences(span, raw, traceId);
  return span;
}

/**
 * CHILD_OF within this trace is the parent; failing one, FOLLOWS_FROM within it (a cause the
 * parent did not wait for). Every other reference — a second CHILD_OF, FOLLOWS_FROM beside a
 * parent, anything pointing into another trace — is kept as a link.
 */
function linkReferences(span: Span, raw: JaegerSpan, traceId: string): void {
  const refs = raw.references;
  // The usual case: no reference, or one CHILD_OF within the trace.
  if (!refs || refs.length === 0) {
    setParent(span, raw.parentSpanID);
    return;
  }
  if (refs.length === 1 && refs[0]!.refType === 'CHILD_OF' && inTrace(refs[0]!, traceId)) {
    setParent(span, refs[0]!.spanID);
    return;
  }
  let parent: (typeof refs)[number] | undefined;
  for (const r of refs) if (!parent && r.refType === 'CHILD_OF' && usable(r) && inTrace(r, traceId)) parent = r;
  for (const r of refs) if (!parent && r.refType === 'FOLLOWS_FROM' && usable(r) && inTrace(r, traceId)) parent = r;
  setParent(span, parent?.spanID ?? raw.parentSpanID);
  if (parent?.refType === 'FOLLOWS_FROM') addNote(span, 'follows from its parent (FOLLOWS_FROM): the parent did not wait for it');
  const links: SpanLink[] = [];
  for (const r of refs) {
    if (r === parent || !usable(r)) continue;
    links.push({
      traceId: (r.traceID ?? traceId).toLowerCase(),
      spanId: r.spanID.toLowerCase(),
      type: r.refType === 'FOLLOWS_FROM' ? 'follows_from' : 'child_of',
    });
  }
  if (links.length > 0) span.links = links;
}

type Reference = NonNullable<JaegerSpan['references']>[number];

function inTrace(ref: Reference, traceId: string): boolean {
  return !ref.traceID || ref.traceID.toLowerCase() === traceId;
}

function usable(ref: Reference): boolean {
  return ref.spanID !== '' && !ALL_ZERO.test(ref.spanID);
}

const ALL_ZERO = /^0+$/;

function setParent(span: Span, id: string | null | undefined): void {
  if (id && !ALL_ZERO.test(id)) span.parentId = id.toLowerCase();
}
