import { z } from 'zod';

export const KeyValueSchema = z.object({ key: z.string(), type: z.string().nullish(), value: z.unknown() });
export const ProcessSchema = z.object({ serviceName: z.string().nullish(), tags: z.array(KeyValueSchema).nullish().catch(undefined) });
export type JaegerProcess = z.infer<typeof ProcessSchema>;

const ReferenceSchema = z.object({ refType: z.string().nullish(), traceID: z.string().nullish(), spanID: z.string() });

/** One span of Jaeger's JSON model (query service and UI shapes; `references[].span` is ignored). */
export const JaegerSpanSchema = z.object({
  traceID: z.string().nullish(),
  spanID: z.string().min(1),
  parentSpanID: z.string().nullish(),
  operationName: z.string().nullish(),
  references: z.array(ReferenceSchema.catch({ spanID: '' })).nullish().catch(undefined),
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
export type JaegerSpan = z.infer<typeof JaegerSpanSchema>;

export const JaegerTraceSchema = z.object({
  traceID: z.string().nullish(),
  spans: z.array(z.unknown()),
  processes: z.record(z.string(), ProcessSchema.catch({})).nullish(),
  warnings: z.array(z.string()).nullish().catch(undefined),
});
export type JaegerTrace = z.infer<typeof JaegerTraceSchema>;

export const EnvelopeSchema = z.object({
  data: z.unknown(),
  errors: z
    .array(z.object({ code: z.number().nullish(), msg: z.string().nullish() }).catch({}))
    .nullish()
    .catch(undefined),
});

export type JaegerSpanParse = { ok: true; span: JaegerSpan } | { ok: false };

/**
 * JaegerSpanSchema with a fast path, as for Zipkin (zipkin-schema.ts): a span that already has
 * exactly the schema's shape — what the query service sends, 100,000 times in a big trace — is
 * accepted by a hand-written check that accepts nothing the schema would reject; anything else
 * goes through zod and its lenient fallbacks.
 */
export function parseJaegerSpan(item: unknown): JaegerSpanParse {
  if (hasSpanShape(item)) return { ok: true, span: item };
  const parsed = JaegerSpanSchema.safeParse(item);
  return parsed.success ? { ok: true, span: parsed.data } : { ok: false };
}

export function hasSpanShape(item: unknown): item is JaegerSpan {
  if (!isObject(item)) return false;
  const s = item as Record<string, unknown>;
  return (
    typeof s.spanID === 'string' &&
    s.spanID.length > 0 &&
    typeof s.startTime === 'number' &&
    Number.isFinite(s.startTime) &&
    optionalString(s.traceID) &&
    optionalString(s.parentSpanID) &&
    optionalString(s.operationName) &&
    optionalString(s.processID) &&
    (s.duration === undefined || s.duration === null || (typeof s.duration === 'number' && Number.isFinite(s.duration))) &&
    isKeyValues(s.tags) &&
    isReferences(s.references) &&
    isLogs(s.logs) &&
    (s.process === undefined || s.process === null || isProcess(s.process)) &&
    isStrings(s.warnings)
  );
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isKeyValues(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const kv of value) {
    if (!isObject(kv) || typeof (kv as { key?: unknown }).key !== 'string' || !optionalString((kv as { type?: unknown }).type)) return false;
  }
  return true;
}

function isReferences(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const ref of value) {
    if (!isObject(ref)) return false;
    const r = ref as Record<string, unknown>;
    if (typeof r.spanID !== 'string' || !optionalString(r.refType) || !optionalString(r.traceID)) return false;
  }
  return true;
}

function isLogs(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const log of value) {
    if (!isObject(log)) return false;
    const l = log as Record<string, unknown>;
    if (typeof l.timestamp !== 'number' || !Number.isFinite(l.timestamp) || !isKeyValues(l.fields)) return false;
  }
  return true;
}

function isProcess(value: unknown): boolean {
  if (!isObject(value)) return false;
  const p = value as Record<string, unknown>;
  return optionalString(p.serviceName) && isKeyValues(p.tags);
}

function isStrings(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
