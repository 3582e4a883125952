import { z } from 'zod';
import type { Span, SpanKind, Trace } from '../model/traces';
import { dedupeSpanIds } from './dedupe';
import { finishTrace, isTruthyTag, tagText } from './finish';
import { describeValue, TraceFormatError, Warnings } from './warnings';

const KeyValueSchema = z.object({ key: z.string(), type: z.string().nullish(), value: z.unknown() });
const ProcessSchema = z.object({ serviceName: z.string().nullish(), tags: z.array(KeyValueSchema).nullish().catch(undefined) });

/** One span of Jaeger's JSON model (query service and UI shapes; `references[].span` is ignored). */
const JaegerSpanSchema = z.object({
  traceID: z.string().nullish(),
  spanID: z.string().min(1),
  parentSpanID: z.string().nullish(),
  operationName: z.string().nullish(),
  references: z
    .array(z.object({ refType: z.string().nullish(), traceID: z.string().nullish(), spanID: z.string() }))
    .nullish()
    .catch(undefined),
  startTime: z.number(),
  duration: z.number().nullish(),
  tags: z.array(KeyValueSchema).nullish().catch(undefined),
  logs: z
    .array(z.object({ timestamp: z.number(), fields: z.array(KeyValueSchema).nullish() }))
    .nullish()
    .catch(undefined),
  processID: z.string().nullish(),
  process: ProcessSchema.nullish().catch(undefined),
  warnings: z.array(z.string()).nullish().catch(undefined),
});
type JaegerSpan = z.infer<typeof JaegerSpanSchema>;

const JaegerTraceSchema = z.object({
  traceID: z.string().nullish(),
  spans: z.array(z.unknown()),
  processes: z.record(z.string(), ProcessSchema.catch({})).nullish(),
  warnings: z.array(z.string()).nullish().catch(undefined),
});

const EnvelopeSchema = z.object({
  data: z.unknown(),
  errors: z
    .array(z.object({ code: z.number().nullish(), msg: z.string().nullish() }).catch({}))
    .nullish()
    .catch(undefined),
});

/** Jaeger `/api/traces/{id}` (`{data: [...], errors}`), the UI's `{data: trace}`, or one trace object. */
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

type JaegerTrace = z.infer<typeof JaegerTraceSchema>;

function normalizeOne(trace: JaegerTrace): Trace {
  const warnings = new Warnings();
  warnings.addAll(trace.warnings);
  const spans: Span[] = [];
  let rejected = 0;
  let traceId = trace.traceID ?? '';
  for (const item of trace.spans) {
    const parsed = JaegerSpanSchema.safeParse(item);
    if (!parsed.success) {
      rejected += 1;
      continue;
    }
    const raw = parsed.data;
    if (!traceId && raw.traceID) traceId = raw.traceID;
    spans.push(toSpan(raw, traceId, trace.processes ?? {}));
    if (raw.warnings?.length) warnings.addAll(raw.warnings.map((w) => `span ${raw.spanID}: ${w}`));
  }
  if (rejected > 0) warnings.add(`${rejected} entries are not Jaeger spans and were left out`);
  if (spans.length === 0) throw new TraceFormatError(`trace ${traceId || '(no id)'} has no spans`);
  return finishTrace(traceId.toLowerCase(), dedupeSpanIds(spans, warnings), warnings);
}

const KINDS: Record<string, SpanKind> = {
  client: 'client',
  server: 'server',
  producer: 'producer',
  consumer: 'consumer',
  internal: 'internal',
};

function toSpan(raw: JaegerSpan, traceId: string, processes: Record<string, z.infer<typeof ProcessSchema>>): Span {
  const process = raw.process ?? (raw.processID ? processes[raw.processID] : undefined);
  const tags: Record<string, string> = {};
  // Process tags (host, SDK) first so the span's own tags win on a clash.
  for (const kv of process?.tags ?? []) tags[kv.key] = tagText(kv.value);
  for (const kv of raw.tags ?? []) tags[kv.key] = tagText(kv.value);
  const kindTag = tags['span.kind'];
  delete tags['span.kind'];
  const logs = (raw.logs ?? []).map((log) => {
    const fields: Record<string, string> = {};
    for (const kv of log.fields ?? []) fields[kv.key] = tagText(kv.value);
    return { time: log.timestamp, fields };
  });
  return {
    spanId: raw.spanID.toLowerCase(),
    parentId: parentOf(raw, traceId),
    service: process?.serviceName || 'unknown',
    operation: raw.operationName || 'unknown',
    kind: (kindTag && KINDS[kindTag.toLowerCase()]) || 'internal',
    start: raw.startTime,
    duration: raw.duration ?? 0,
    tags,
    logs,
    error: isTruthyTag(tags.error) || tags['otel.status_code'] === 'ERROR',
  };
}

/** CHILD_OF within this trace wins; FOLLOWS_FROM is the next best parent; links to other traces are not parents. */
function parentOf(raw: JaegerSpan, traceId: string): string | undefined {
  const refs = (raw.references ?? []).filter((r) => !r.traceID || r.traceID.toLowerCase() === traceId.toLowerCase());
  const ref = refs.find((r) => r.refType === 'CHILD_OF') ?? refs[0];
  const id = ref?.spanID ?? raw.parentSpanID ?? undefined;
  return id && !/^0+$/.test(id) ? id.toLowerCase() : undefined;
}
