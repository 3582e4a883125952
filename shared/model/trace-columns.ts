import { z } from 'zod';
import { base64ToFloat64, base64ToInt32, float64ToBase64, int32ToBase64, LITTLE_ENDIAN } from './binary-column';
import { ResourceSchema, SpanEventSchema, SpanLinkSchema } from './traces';
import { treeColumnsProblem } from './tree-columns';

/**
 * The trace as it crosses from the services to the screen (`getTraceColumns`): one array per
 * span field instead of one object per span, every repeated string (ids, services, operations,
 * attribute keys and values) written once in `strings` and referred to by index, and times as
 * offsets from `base`. Number columns travel as base64 of their typed arrays' bytes (v2;
 * shared/model/binary-column.ts): the page gets one string per column, turned into an
 * Int32Array/Float64Array view in one native call, instead of parsing 1.3 million JSON numbers.
 * A 100,000-span trace is about 40% of the object form's size, and checking it is a loop over
 * typed arrays instead of a schema run on 100,000 objects.
 *
 * TraceColumnsSchema takes the wire form and gives the typed arrays (TraceColumns); the host
 * sends toTraceColumnsWire of its own columns. Encoded and decoded by
 * shared/trace/columns-codec.ts; decoding gives back exactly the Trace the services normalised.
 */
export const TRACE_COLUMNS_FORMAT = 'lockstep.trace-columns.v2';

/** Index order of `kind` values; append only. */
export const SPAN_KINDS = ['client', 'server', 'producer', 'consumer', 'internal'] as const;
/** Index order of status codes in `flags`; append only. */
export const STATUS_CODES = ['unset', 'ok', 'error'] as const;

/** Bits of `flags`. Status code in bits 1–2, the reported status (+1, 0 = none) in bits 3–4. */
export const SPAN_FLAG = {
  unfinished: 1,
  statusShift: 1,
  reportedShift: 3,
  hasRpc: 1 << 5,
  /** `unfinished: false` was written out (rather than left absent). */
  finishedExplicit: 1 << 6,
} as const;

/** What only a few spans carry, with the span's index. */
export const SpanExtrasSchema = z.object({
  span: z.number().int().nonnegative(),
  events: z.array(SpanEventSchema).optional(),
  links: z.array(SpanLinkSchema).optional(),
  notes: z.array(z.string()).optional(),
  statusMessage: z.string().optional(),
});
export type SpanExtras = z.infer<typeof SpanExtrasSchema>;

const StringColumn = z.custom<string[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i += 1) if (typeof value[i] !== 'string') return false;
    return true;
  },
  { message: 'expected an array of strings' },
);

/**
 * A number column on the wire: base64 of its little-endian bytes (shared/model/binary-column.ts)
 * in JSON, or the typed array itself where the transport carries bytes (the web host's binary
 * reply frames, shared/api/binary-reply.ts).
 */
const IntBinary = z.custom<string | Int32Array>((v) => typeof v === 'string' || v instanceof Int32Array, { message: 'expected base64 text of 4-byte numbers, or an Int32Array' });
const FloatBinary = z.custom<string | Float64Array>((v) => typeof v === 'string' || v instanceof Float64Array, { message: 'expected base64 text of 8-byte numbers, or a Float64Array' });

const Wire = z.object({
  format: z.literal(TRACE_COLUMNS_FORMAT),
  traceId: z.string(),
  resources: z.array(ResourceSchema),
  warnings: z.array(z.string()),
  partial: z.string().optional(),
  strings: StringColumn,
  /** Epoch microseconds every time below is measured from. */
  base: z.number().refine(Number.isFinite),
  count: z.number().int().nonnegative(),
  /** String index of each span's id (Int32). */
  spanId: IntBinary,
  /** String index, or -1 where the id was not renamed (Int32). */
  reportedId: IntBinary,
  /** String index of the parent's spanId, or -1 for none (Int32). */
  parentId: IntBinary,
  service: IntBinary,
  operation: IntBinary,
  kind: IntBinary,
  resource: IntBinary,
  /** Offsets from base, microseconds (Float64). */
  start: FloatBinary,
  duration: FloatBinary,
  flags: IntBinary,
  /** Span i's attributes are `attrs[attrEnd[i-1] .. attrEnd[i])` as key, value string-index pairs (Int32). */
  attrEnd: IntBinary,
  attrs: IntBinary,
  /** CS, SR, SS, CR (offsets from base, NaN where unknown) for each span with the hasRpc flag, in span order (Float64). */
  rpc: FloatBinary,
  extras: z.array(SpanExtrasSchema),
  /**
   * Each span's parent as a span index (-1 for none), resolved by id the way
   * shared/trace/tree.ts does (the first span with an id takes its children), so the page
   * lays the trace out without a map of 100,000 ids. Optional: without it the page resolves.
   */
  parent: IntBinary.optional(),
  /** What resolving `parent` said (spans sharing an id, parents not in the trace); sent with it. */
  parentWarnings: z.array(z.string()).optional(),
  /**
   * The tree `parent` makes, as the host already built it (shared/trace/tree.ts: children and
   * roots ordered by start): span i's children are `children[childStart[i] .. childStart[i+1])`.
   * Sent only beside `parent`, all three together, so the page does not sort 100,000 spans by
   * start and bucket them again; checked here (shared/model/tree-columns.ts) before it is used.
   */
  childStart: IntBinary.optional(),
  children: IntBinary.optional(),
  roots: IntBinary.optional(),
});
export type TraceColumnsWire = z.infer<typeof Wire>;
/** The wire form as it travels, checked for shape only: TraceColumnsSchema decodes it and checks every index. */
export const TraceColumnsWireSchema = Wire;

const INT_COLUMNS = ['spanId', 'reportedId', 'parentId', 'service', 'operation', 'kind', 'resource', 'flags', 'attrEnd', 'attrs'] as const;
const FLOAT_COLUMNS = ['start', 'duration', 'rpc'] as const;
const OPTIONAL_INT_COLUMNS = ['parent', 'childStart', 'children', 'roots'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];
type FloatColumn = (typeof FLOAT_COLUMNS)[number];
type OptionalIntColumn = (typeof OPTIONAL_INT_COLUMNS)[number];

/** The columns as the codec reads and writes them: typed arrays, one value per span (attrs, rpc and the tree's lists excepted). */
export type TraceColumns = Omit<TraceColumnsWire, IntColumn | FloatColumn | OptionalIntColumn> & { [K in IntColumn]: Int32Array } & { [K in FloatColumn]: Float64Array } & {
  [K in OptionalIntColumn]?: Int32Array;
};

/** The wire form of columns: what the host sends (services/core/dispatch.ts) in place of running the schema on its own output. */
export function toTraceColumnsWire(c: TraceColumns): TraceColumnsWire {
  const wire: Record<string, unknown> = { ...c };
  for (const name of INT_COLUMNS) wire[name] = int32ToBase64(c[name]);
  for (const name of FLOAT_COLUMNS) wire[name] = float64ToBase64(c[name]);
  for (const name of OPTIONAL_INT_COLUMNS) {
    const column = c[name];
    if (column !== undefined) wire[name] = int32ToBase64(column);
  }
  return wire as TraceColumnsWire;
}

const PER_SPAN = ['spanId', 'reportedId', 'parentId', 'service', 'operation', 'kind', 'resource', 'start', 'duration', 'flags', 'attrEnd'] as const;
const STRING_INDEXED = ['spanId', 'service', 'operation'] as const;
const OPTIONAL_STRING_INDEXED = ['reportedId', 'parentId'] as const;

/** Each number column viewed as its typed array; a column that is not base64 of whole values fails in words. */
const Decoded = Wire.transform((w, ctx): TraceColumns => {
  if (!LITTLE_ENDIAN) {
    ctx.addIssue({ code: 'custom', message: 'this machine stores numbers big-endian, and the trace columns are sent little-endian' });
    return z.NEVER;
  }
  const out: Record<string, unknown> = { ...w };
  const columns = [...INT_COLUMNS, ...FLOAT_COLUMNS, ...OPTIONAL_INT_COLUMNS.filter((name) => w[name] !== undefined)];
  for (const name of columns) {
    const float = (FLOAT_COLUMNS as readonly string[]).includes(name);
    const text = w[name]!;
    // Already bytes (a binary frame): a view of the frame, kept as it is.
    const values = typeof text !== 'string' ? text : float ? base64ToFloat64(text) : base64ToInt32(text);
    if (!values) {
      ctx.addIssue({ code: 'custom', message: `column "${name}" is not base64 of ${float ? '8' : '4'}-byte numbers — the answer was cut short or damaged` });
      return z.NEVER;
    }
    out[name] = values;
  }
  return out as TraceColumns;
});

/**
 * The columns with every cross-reference checked, so the decoder can trust each index: a
 * truncated or damaged answer fails here with the first thing wrong, in words.
 */
export const TraceColumnsSchema = Decoded.superRefine((c, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const n = c.count;
  for (const name of PER_SPAN) {
    if (c[name].length !== n) return fail(`column "${name}" has ${c[name].length} values for ${n} spans — the answer was cut short or damaged`);
  }
  const strings = c.strings.length;
  const isIndex = (v: number, size: number) => v >= 0 && v < size;
  for (const name of STRING_INDEXED) {
    const column = c[name];
    for (let i = 0; i < n; i += 1) if (!isIndex(column[i]!, strings)) return fail(`span ${i}'s ${name} points past the ${strings} strings sent`);
  }
  for (const name of OPTIONAL_STRING_INDEXED) {
    const column = c[name];
    for (let i = 0; i < n; i += 1) if (column[i] !== -1 && !isIndex(column[i]!, strings)) return fail(`span ${i}'s ${name} points past the ${strings} strings sent`);
  }
  let rpcSpans = 0;
  let previousEnd = 0;
  for (let i = 0; i < n; i += 1) {
    if (!isIndex(c.kind[i]!, SPAN_KINDS.length)) return fail(`span ${i} has an unknown kind (${c.kind[i]})`);
    if (c.resource[i]! < 0) return fail(`span ${i}'s resource is not an index`);
    if (!Number.isFinite(c.start[i]!)) return fail(`span ${i}'s start is not a finite number`);
    if (!Number.isFinite(c.duration[i]!) || c.duration[i]! < 0) return fail(`span ${i}'s duration is not a finite number of microseconds or more`);
    const flags = c.flags[i]!;
    if (flags < 0 || flags >= 1 << 7) return fail(`span ${i} has unknown flags (${flags})`);
    if (((flags >> SPAN_FLAG.statusShift) & 3) >= STATUS_CODES.length || ((flags >> SPAN_FLAG.reportedShift) & 3) > STATUS_CODES.length) {
      return fail(`span ${i} has an unknown status`);
    }
    if (flags & SPAN_FLAG.hasRpc) rpcSpans += 1;
    const end = c.attrEnd[i]!;
    if (end < previousEnd || end > c.attrs.length || (end - previousEnd) % 2 !== 0) return fail(`span ${i}'s attributes run outside the attribute column`);
    previousEnd = end;
  }
  if (previousEnd !== c.attrs.length) return fail(`the attribute column has ${c.attrs.length - previousEnd} values no span owns`);
  for (let k = 0; k < c.attrs.length; k += 1) if (!isIndex(c.attrs[k]!, strings)) return fail(`attribute value ${k} points past the ${strings} strings sent`);
  if (c.rpc.length !== rpcSpans * 4) return fail(`the RPC column has ${c.rpc.length} values for ${rpcSpans} RPC spans (expected ${rpcSpans * 4})`);
  // NaN is "unknown"; an infinity is damage.
  for (let k = 0; k < c.rpc.length; k += 1) if (c.rpc[k] === Infinity || c.rpc[k] === -Infinity) return fail(`RPC time ${k} is infinite`);
  for (const extra of c.extras) if (extra.span >= n) return fail(`extra details name span ${extra.span} of ${n}`);
  if (c.parent !== undefined) {
    if (c.parent.length !== n) return fail(`column "parent" has ${c.parent.length} values for ${n} spans — the answer was cut short or damaged`);
    for (let i = 0; i < n; i += 1) {
      const p = c.parent[i]!;
      if (p !== -1 && (!isIndex(p, n) || p === i)) return fail(`span ${i}'s parent (${p}) is not another span of the ${n} sent`);
    }
  }
  const sent = [c.childStart, c.children, c.roots].filter((column) => column !== undefined).length;
  if (sent > 0) {
    if (sent < 3 || c.parent === undefined) return fail('the span tree came without all of its parts (parent, childStart, children, roots)');
    const problem = treeColumnsProblem(c.parent, c.childStart!, c.children!, c.roots!);
    if (problem !== undefined) return fail(problem);
  }
  return undefined;
});
