import { z } from 'zod';
import { ResourceSchema, SpanEventSchema, SpanLinkSchema } from './traces';

/**
 * The trace as it crosses from the services to the screen (`getTraceColumns`): one array per
 * span field instead of one object per span, every repeated string (ids, services, operations,
 * attribute keys and values) written once in `strings` and referred to by index, and times as
 * offsets from `base`. A 100,000-span trace is about a quarter of the size of the object form,
 * and checking it is a loop over a few number arrays instead of a schema run on 100,000 objects.
 *
 * Encoded and decoded by shared/trace/columns-codec.ts; decoding gives back exactly the Trace
 * the services normalised.
 */
export const TRACE_COLUMNS_FORMAT = 'lockstep.trace-columns.v1';

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

/** An array of finite numbers, checked in one loop (a per-element schema costs ~10× as much on 100,000 values). */
function numberColumn<T extends number | null = number>(nullable: boolean) {
  return z.custom<T[]>(
    (value) => {
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i += 1) {
        const v: unknown = value[i];
        if (typeof v === 'number' ? !Number.isFinite(v) : !(nullable && v === null)) return false;
      }
      return true;
    },
    { message: nullable ? 'expected an array of numbers or nulls' : 'expected an array of finite numbers' },
  );
}

const StringColumn = z.custom<string[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i += 1) if (typeof value[i] !== 'string') return false;
    return true;
  },
  { message: 'expected an array of strings' },
);

const Columns = z.object({
  format: z.literal(TRACE_COLUMNS_FORMAT),
  traceId: z.string(),
  resources: z.array(ResourceSchema),
  warnings: z.array(z.string()),
  partial: z.string().optional(),
  strings: StringColumn,
  /** Epoch microseconds every time below is measured from. */
  base: z.number().refine(Number.isFinite),
  count: z.number().int().nonnegative(),
  spanId: numberColumn(false),
  /** String index, or -1 where the id was not renamed. */
  reportedId: numberColumn(false),
  /** String index of the parent's spanId, or -1 for none. */
  parentId: numberColumn(false),
  service: numberColumn(false),
  operation: numberColumn(false),
  kind: numberColumn(false),
  resource: numberColumn(false),
  start: numberColumn(false),
  duration: numberColumn(false),
  flags: numberColumn(false),
  /** Span i's attributes are `attrs[attrEnd[i-1] .. attrEnd[i])` as key, value string-index pairs. */
  attrEnd: numberColumn(false),
  attrs: numberColumn(false),
  /** CS, SR, SS, CR (offsets from base, null where unknown) for each span with the hasRpc flag, in span order. */
  rpc: numberColumn<number | null>(true),
  extras: z.array(SpanExtrasSchema),
  /**
   * Each span's parent as a span index (-1 for none), resolved by id the way
   * shared/trace/tree.ts does (the first span with an id takes its children), so the page
   * lays the trace out without a map of 100,000 ids. Optional: without it the page resolves.
   */
  parent: numberColumn(false).optional(),
  /** What resolving `parent` said (spans sharing an id, parents not in the trace); sent with it. */
  parentWarnings: z.array(z.string()).optional(),
});

const PER_SPAN = ['spanId', 'reportedId', 'parentId', 'service', 'operation', 'kind', 'resource', 'start', 'duration', 'flags', 'attrEnd'] as const;
const STRING_INDEXED = ['spanId', 'service', 'operation'] as const;
const OPTIONAL_STRING_INDEXED = ['reportedId', 'parentId'] as const;

/**
 * The columns with every cross-reference checked, so the decoder can trust each index: a
 * truncated or damaged answer fails here with the first thing wrong, in words.
 */
export const TraceColumnsSchema = Columns.superRefine((c, ctx) => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const n = c.count;
  for (const name of PER_SPAN) {
    if (c[name].length !== n) return fail(`column "${name}" has ${c[name].length} values for ${n} spans — the answer was cut short or damaged`);
  }
  const strings = c.strings.length;
  const isIndex = (v: number, size: number) => Number.isInteger(v) && v >= 0 && v < size;
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
    if (!Number.isInteger(c.resource[i]) || c.resource[i]! < 0) return fail(`span ${i}'s resource is not an index`);
    const flags = c.flags[i]!;
    if (!Number.isInteger(flags) || flags < 0 || flags >= 1 << 7) return fail(`span ${i} has unknown flags (${flags})`);
    if (((flags >> SPAN_FLAG.statusShift) & 3) >= STATUS_CODES.length || ((flags >> SPAN_FLAG.reportedShift) & 3) > STATUS_CODES.length) {
      return fail(`span ${i} has an unknown status`);
    }
    if (flags & SPAN_FLAG.hasRpc) rpcSpans += 1;
    const end = c.attrEnd[i]!;
    if (!Number.isInteger(end) || end < previousEnd || end > c.attrs.length || (end - previousEnd) % 2 !== 0) return fail(`span ${i}'s attributes run outside the attribute column`);
    previousEnd = end;
  }
  if (previousEnd !== c.attrs.length) return fail(`the attribute column has ${c.attrs.length - previousEnd} values no span owns`);
  for (let k = 0; k < c.attrs.length; k += 1) if (!isIndex(c.attrs[k]!, strings)) return fail(`attribute value ${k} points past the ${strings} strings sent`);
  if (c.rpc.length !== rpcSpans * 4) return fail(`the RPC column has ${c.rpc.length} values for ${rpcSpans} RPC spans (expected ${rpcSpans * 4})`);
  for (const extra of c.extras) if (extra.span >= n) return fail(`extra details name span ${extra.span} of ${n}`);
  if (c.parent !== undefined) {
    if (c.parent.length !== n) return fail(`column "parent" has ${c.parent.length} values for ${n} spans — the answer was cut short or damaged`);
    for (let i = 0; i < n; i += 1) {
      const p = c.parent[i]!;
      if (p !== -1 && (!isIndex(p, n) || p === i)) return fail(`span ${i}'s parent (${p}) is not another span of the ${n} sent`);
    }
  }
  return undefined;
});
export type TraceColumns = z.infer<typeof TraceColumnsSchema>;
