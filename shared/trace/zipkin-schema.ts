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
export function parseZipkinRecord(item: unknown, position = 0): ZipkinParse {
  if (hasSchemaShape(item)) return { ok: true, span: item };
  const parsed = ZipkinSpanSchema.safeParse(item);
  if (parsed.success) return { ok: true, span: parsed.data };
  return { ok: false, problem: describeProblem(item, position, parsed.error.issues[0]?.path ?? []) };
}

/**
 * Which record, which span, which field and what was there instead ("record 3 (span id
 * 7f3a): "timestamp" is a string ("12"), not a number"), so the engineer can find the record
 * in the tracer's output without reading the schema.
 */
function describeProblem(item: unknown, position: number, path: readonly PropertyKey[]): string {
  const record = `record ${position + 1}`;
  if (!isObject(item)) return `${record} is ${kindOf(item)}, not a span object`;
  const id = (item as Record<string, unknown>).id;
  const which = typeof id === 'string' && id !== '' ? `${record} (span id ${id.slice(0, 40)})` : record;
  if (path.length === 0) return `${which} is not a span object`;
  let value: unknown = item;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const field = path.map(String).join('.');
  const wanted = EXPECTED[String(path[path.length - 1])] ?? 'another type';
  if (value === undefined) return `${which}: "${field}" is missing; Zipkin v2 spans carry it as ${wanted}`;
  return `${which}: "${field}" is ${kindOf(value)}, not ${wanted}`;
}

/** What each field of a Zipkin v2 span holds (zipkin2 JSON, as ZipkinSpanSchema above checks it). */
const EXPECTED: Record<string, string> = {
  traceId: 'a non-empty hex string',
  id: 'a non-empty hex string',
  parentId: 'a hex string',
  kind: 'a string (CLIENT, SERVER, PRODUCER, CONSUMER)',
  name: 'a string',
  timestamp: 'a number (epoch microseconds)',
  duration: 'a number (microseconds)',
  shared: 'true or false',
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value === 'number' ? 'a number' : 'a boolean'} (${String(value)})`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
