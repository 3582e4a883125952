import { z } from 'zod';

const EndpointSchema = z.object({
  serviceName: z.string().nullish(),
  ipv4: z.string().nullish(),
  ipv6: z.string().nullish(),
  port: z.number().nullish(),
});

/** Zipkin v2 span (zipkin2 JSON). Everything but the ids is optional in the wild. */
export const ZipkinSpanSchema = z.object({
  traceId: z.string().min(1),
  id: z.string().min(1),
  parentId: z.string().nullish(),
  kind: z.string().nullish(),
  name: z.string().nullish(),
  timestamp: z.number().nullish(),
  duration: z.number().nullish(),
  localEndpoint: EndpointSchema.nullish().catch(undefined),
  remoteEndpoint: EndpointSchema.nullish().catch(undefined),
  annotations: z.array(z.object({ timestamp: z.number(), value: z.string() })).nullish().catch(undefined),
  tags: z.record(z.string(), z.unknown()).nullish().catch(undefined),
  shared: z.boolean().nullish(),
});
export type ZipkinSpan = z.infer<typeof ZipkinSpanSchema>;

export type ZipkinParse = { ok: true; span: ZipkinSpan } | { ok: false; problem: string };

/**
 * ZipkinSpanSchema, with a fast path: a record that already has exactly the schema's shape
 * (the normal case, 100,000 times in a big trace) is accepted by a hand-written check that
 * accepts nothing the schema would reject; anything else goes through zod, which applies the
 * lenient fallbacks and names the problem. Generic zod costs several µs per record, which is
 * most of the time budget for a big trace.
 */
export function parseZipkinRecord(item: unknown): ZipkinParse {
  if (hasSchemaShape(item)) return { ok: true, span: item };
  const parsed = ZipkinSpanSchema.safeParse(item);
  if (parsed.success) return { ok: true, span: parsed.data };
  return { ok: false, problem: parsed.error.issues[0]?.path.join('.') || 'not an object' };
}

/** True only for values ZipkinSpanSchema accepts unchanged (the output of JSON.parse). */
export function hasSchemaShape(item: unknown): item is ZipkinSpan {
  if (!isObject(item)) return false;
  const r = item as Record<string, unknown>;
  return (
    typeof r.traceId === 'string' &&
    r.traceId.length > 0 &&
    typeof r.id === 'string' &&
    r.id.length > 0 &&
    optional(r.parentId, 'string') &&
    optional(r.kind, 'string') &&
    optional(r.name, 'string') &&
    optionalNumber(r.timestamp) &&
    optionalNumber(r.duration) &&
    optional(r.shared, 'boolean') &&
    isEndpoint(r.localEndpoint) &&
    isEndpoint(r.remoteEndpoint) &&
    isAnnotations(r.annotations) &&
    (r.tags === undefined || r.tags === null || isObject(r.tags))
  );
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optional(value: unknown, type: 'string' | 'boolean'): boolean {
  return value === undefined || value === null || typeof value === type;
}

function optionalNumber(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isEndpoint(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!isObject(value)) return false;
  const e = value as Record<string, unknown>;
  return optional(e.serviceName, 'string') && optional(e.ipv4, 'string') && optional(e.ipv6, 'string') && optionalNumber(e.port);
}

function isAnnotations(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  for (const a of value) {
    if (!isObject(a)) return false;
    const { timestamp, value: text } = a as Record<string, unknown>;
    if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || typeof text !== 'string') return false;
  }
  return true;
}
