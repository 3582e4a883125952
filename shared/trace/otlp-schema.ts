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

const intLike = z.union([z.string(), z.number()]);

/** AnyValue; arrays and key-value lists are kept as raw JSON and rendered as text. */
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

export const KeyValueSchema = camel(z.object({ key: z.string(), value: AnyValueSchema.nullish().catch(undefined) }));
const attributes = z.array(KeyValueSchema.catch({ key: '', value: undefined })).nullish().catch(undefined);

export const OtlpSpanSchema = camel(
  z.object({
    traceId: z.string().min(1),
    spanId: z.string().min(1),
    parentSpanId: z.string().nullish(),
    name: z.string().nullish(),
    kind: intLike.nullish(),
    startTimeUnixNano: intLike,
    endTimeUnixNano: intLike.nullish(),
    attributes,
    events: z
      .array(camel(z.object({ timeUnixNano: intLike.nullish(), name: z.string().nullish(), attributes })))
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
