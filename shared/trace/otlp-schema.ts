import { z } from 'zod';

/** OTLP/JSON keys are camelCase, but protobuf JSON encoders may emit snake_case; read both. */
function camelKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  let hasSnake = false;
  for (const key in value) if (key.includes('_')) hasSnake = true;
  if (!hasSnake) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  return out;
}

function camel<T extends z.ZodType>(schema: T) {
  return z.preprocess(camelKeys, schema);
}

/** 64-bit integers arrive as strings (protobuf JSON) or numbers (some encoders). */
const intLike = z.union([z.string(), z.number()]);

/** AnyValue; arrays and key-value lists are read recursively when rendered. */
export const AnyValueSchema = camel(
  z.object({
    stringValue: z.string().nullish(),
    boolValue: z.boolean().nullish(),
    intValue: intLike.nullish(),
    doubleValue: z.union([z.number(), z.string()]).nullish(),
    bytesValue: z.string().nullish(),
    arrayValue: z.unknown().optional(),
    kvlistValue: z.unknown().optional(),
  }),
);
export type AnyValue = z.infer<typeof AnyValueSchema>;

export const KeyValueSchema = camel(z.object({ key: z.string(), value: AnyValueSchema.nullish().catch(undefined) }));
export type KeyValue = z.infer<typeof KeyValueSchema>;
const attributes = z.array(KeyValueSchema.catch({ key: '', value: undefined })).nullish().catch(undefined);

export const OtlpSpanSchema = camel(
  z.object({
    traceId: z.string().min(1),
    spanId: z.string().min(1),
    parentSpanId: z.string().nullish(),
    name: z.string().nullish(),
    kind: intLike.nullish(),
    // Protobuf JSON leaves out a zero: a span may arrive with no start at all.
    startTimeUnixNano: intLike.nullish(),
    endTimeUnixNano: intLike.nullish(),
    attributes,
    events: z
      .array(camel(z.object({ timeUnixNano: intLike.nullish(), name: z.string().nullish(), attributes })))
      .nullish()
      .catch(undefined),
    links: z
      .array(camel(z.object({ traceId: z.string(), spanId: z.string(), attributes })).catch({ traceId: '', spanId: '', attributes: undefined }))
      .nullish()
      .catch(undefined),
    status: camel(z.object({ code: intLike.nullish(), message: z.string().nullish() })).nullish().catch(undefined),
  }),
);
export type OtlpSpan = z.infer<typeof OtlpSpanSchema>;

const ScopeSchema = camel(z.object({ name: z.string().nullish(), version: z.string().nullish() }));

/** Spans stay unknown here so one bad span costs a warning, not the trace. */
const ScopeSpansSchema = camel(
  z.object({ scope: ScopeSchema.nullish().catch(undefined), instrumentationLibrary: ScopeSchema.nullish().catch(undefined), spans: z.array(z.unknown()).nullish() }),
);

export const ResourceSpansSchema = camel(
  z.object({
    resource: camel(z.object({ attributes })).nullish().catch(undefined),
    scopeSpans: z.array(ScopeSpansSchema).nullish(),
    // OTLP before 0.15, still sent by old Tempo and collectors.
    instrumentationLibrarySpans: z.array(ScopeSpansSchema).nullish(),
  }),
);
export type ResourceSpans = z.infer<typeof ResourceSpansSchema>;

/** Every envelope that carries resourceSpans: OTLP export, Tempo v1 and v2, Jaeger v3. */
export const OtlpEnvelopeSchema = camel(
  z.object({
    resourceSpans: z.array(z.unknown()).nullish(),
    batches: z.array(z.unknown()).nullish(),
    trace: camel(z.object({ resourceSpans: z.array(z.unknown()).nullish(), batches: z.array(z.unknown()).nullish() })).nullish(),
    result: camel(z.object({ resourceSpans: z.array(z.unknown()).nullish() })).nullish(),
    status: z.string().nullish(),
    message: z.string().nullish(),
  }),
);

export type OtlpSpanParse = { ok: true; span: OtlpSpan } | { ok: false };

/**
 * OtlpSpanSchema with a fast path (as zipkin-schema.ts has): a span already in the schema's
 * shape — camelCase, the expected types, what Tempo and collectors send 100,000 times in a big
 * trace — is accepted by a hand-written check that accepts nothing the schema would reject;
 * anything else (snake_case keys, odd values) goes through zod and its lenient fallbacks.
 */
export function parseOtlpSpan(item: unknown): OtlpSpanParse {
  if (hasSpanShape(item)) return { ok: true, span: item };
  const parsed = OtlpSpanSchema.safeParse(item);
  return parsed.success ? { ok: true, span: parsed.data } : { ok: false };
}

export function hasSpanShape(item: unknown): item is OtlpSpan {
  if (!isCamelObject(item)) return false;
  const s = item as Record<string, unknown>;
  return (
    typeof s.traceId === 'string' &&
    s.traceId.length > 0 &&
    typeof s.spanId === 'string' &&
    s.spanId.length > 0 &&
    (isMissing(s.startTimeUnixNano) || isIntLike(s.startTimeUnixNano)) &&
    (isMissing(s.endTimeUnixNano) || isIntLike(s.endTimeUnixNano)) &&
    (isMissing(s.kind) || isIntLike(s.kind)) &&
    optionalString(s.parentSpanId) &&
    optionalString(s.name) &&
    isAttributes(s.attributes) &&
    isListOf(s.events, isEvent) &&
    isListOf(s.links, isLink) &&
    (isMissing(s.status) || isStatus(s.status))
  );
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function isCamelObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (key.includes('_')) return false;
  return true;
}

function isIntLike(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

function optionalString(value: unknown): boolean {
  return isMissing(value) || typeof value === 'string';
}

function isListOf(value: unknown, check: (item: unknown) => boolean): boolean {
  if (isMissing(value)) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}

function isAttributes(value: unknown): boolean {
  return isListOf(value, isKeyValue);
}

function isKeyValue(value: unknown): boolean {
  if (!isCamelObject(value)) return false;
  const kv = value as Record<string, unknown>;
  return typeof kv.key === 'string' && (isMissing(kv.value) || isAnyValue(kv.value));
}

function isAnyValue(value: unknown): boolean {
  if (!isCamelObject(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    optionalString(v.stringValue) &&
    (isMissing(v.boolValue) || typeof v.boolValue === 'boolean') &&
    (isMissing(v.intValue) || isIntLike(v.intValue)) &&
    (isMissing(v.doubleValue) || isIntLike(v.doubleValue)) &&
    optionalString(v.bytesValue)
  );
}

function isEvent(value: unknown): boolean {
  if (!isCamelObject(value)) return false;
  const e = value as Record<string, unknown>;
  return (isMissing(e.timeUnixNano) || isIntLike(e.timeUnixNano)) && optionalString(e.name) && isAttributes(e.attributes);
}

function isLink(value: unknown): boolean {
  if (!isCamelObject(value)) return false;
  const l = value as Record<string, unknown>;
  return typeof l.traceId === 'string' && typeof l.spanId === 'string' && isAttributes(l.attributes);
}

function isStatus(value: unknown): boolean {
  if (!isCamelObject(value)) return false;
  const st = value as Record<string, unknown>;
  return (isMissing(st.code) || isIntLike(st.code)) && optionalString(st.message);
}
