import { SPAN_FLAG, SPAN_KINDS, STATUS_CODES, type SpanExtras, TRACE_COLUMNS_FORMAT, type TraceColumns } from '../model/trace-columns';
import type { RpcTimes, Span, SpanEvent, SpanStatus, Trace } from '../model/traces';
import { encodeHints, idsUnchanged } from './encode-hints';
import { duplicateIdsWarning, type KnownParents, orphansWarning, type SpanTree } from './tree';

/**
 * Trace ⇄ columns (shared/model/trace-columns.ts). `decodeTraceColumns(encodeTraceColumns(t))`
 * equals `t` field for field; the decoder trusts indexes because TraceColumnsSchema checked them.
 */
export function encodeTraceColumns(trace: Trace): TraceColumns {
  const spans = trace.spans;
  const n = spans.length;
  const spanId = new Int32Array(n);
  const reportedId = new Int32Array(n);
  const parentId = new Int32Array(n);
  const service = new Int32Array(n);
  const operation = new Int32Array(n);
  const kind = new Int32Array(n);
  const resource = new Int32Array(n);
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  const flags = new Int32Array(n);
  const attrEnd = new Int32Array(n);
  let rpcSpans = 0;
  for (let i = 0; i < n; i += 1) if (spans[i]!.rpc) rpcSpans += 1;
  const rpc = new Float64Array(rpcSpans * 4);
  const attrs = new AttrList(n);
  let r = 0;
  const extras: SpanExtras[] = [];

  // Ids first, so a span's parent id can be taken from its parent's row below. Spans known to
  // have distinct ids skip the map (ColumnStrings).
  const hints = encodeHints(trace);
  const distinct = hints?.distinctIds !== undefined && idsUnchanged(spans, hints.distinctIds);
  const table = new ColumnStrings(spanId, distinct ? hints!.distinctIds! : undefined);
  if (!distinct) for (let i = 0; i < n; i += 1) spanId[i] = table.intern(spans[i]!.spanId);
  const intern = (s: string) => table.intern(s);
  const hintParent = hints?.tree.parent;
  // The ids as one array of the same strings: comparing there spares reading 100,000 parent span objects.
  const ids = distinct ? hints!.distinctIds! : undefined;
  for (let i = 0; i < n; i += 1) {
    const s = spans[i]!;
    const p = hintParent ? hintParent[i]! : -1;
    const parentSpanId = p < 0 ? undefined : ids ? ids[p] : spans[p]!.spanId;
    const rid = s.reportedId;
    // A server half reports the id of its client half, which is its parent (shared/trace/zipkin.ts).
    reportedId[i] = rid === undefined ? -1 : table.idIndex(rid, p, parentSpanId);
    const pid = s.parentId;
    parentId[i] = pid === undefined ? -1 : table.idIndex(pid, p, parentSpanId);
    service[i] = intern(s.service);
    operation[i] = intern(s.operation);
    kind[i] = KIND_INDEX[s.kind];
    resource[i] = s.resource;
    start[i] = s.start;
    duration[i] = s.duration;
    let f = statusFlags(s.status);
    if (s.unfinished === true) f |= SPAN_FLAG.unfinished;
    else if (s.unfinished === false) f |= SPAN_FLAG.finishedExplicit;
    if (s.rpc) {
      f |= SPAN_FLAG.hasRpc;
      rpc[r] = s.rpc.cs ?? Number.NaN;
      rpc[r + 1] = s.rpc.sr ?? Number.NaN;
      rpc[r + 2] = s.rpc.ss ?? Number.NaN;
      rpc[r + 3] = s.rpc.cr ?? Number.NaN;
      r += 4;
    }
    flags[i] = f;
    const attributes = s.attributes;
    for (const key in attributes) attrs.add(intern(key), intern(attributes[key]!));
    attrEnd[i] = attrs.count;
    // Most spans have none of these: no object is made for them.
    if (s.events.length > 0 || s.links || s.notes || s.status.message !== undefined) {
      const extra: SpanExtras = { span: i };
      if (s.events.length > 0) extra.events = s.events;
      if (s.links) extra.links = s.links;
      if (s.notes) extra.notes = s.notes;
      if (s.status.message !== undefined) extra.statusMessage = s.status.message;
      extras.push(extra);
    }
  }

  const base = offsetTimes(start, rpc);
  const columns = { spanId, reportedId, parentId, service, operation, kind, resource, start, duration, flags, attrEnd, attrs: attrs.toArray(), rpc, extras };
  return assembleColumns(trace, table.list, base, columns, hints?.tree);
}

/** Each span's attribute keys and values as string indexes, end to end (`attrEnd` marks where each span's end). */
export class AttrList {
  private values: Int32Array;
  count = 0;

  constructor(spans: number) {
    this.values = new Int32Array(spans * 8);
  }

  add(key: number, value: number): void {
    if (this.count + 2 > this.values.length) {
      const grown = new Int32Array(this.values.length * 2 + 16);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = key;
    this.values[this.count++] = value;
  }

  toArray(): Int32Array {
    return this.values.slice(0, this.count);
  }
}

/** The per-span columns a writer fills, in the order the columns object lists them. */
export type SpanColumns = Pick<TraceColumns, 'spanId' | 'reportedId' | 'parentId' | 'service' | 'operation' | 'kind' | 'resource' | 'start' | 'duration' | 'flags' | 'attrEnd' | 'attrs' | 'rpc' | 'extras'>;

/**
 * What both writers of columns (encodeTraceColumns, zipkin-columns.ts) end with: the parents
 * resolved from the interned ids, and the writer's tree sent along where it is the one those
 * parents make (treeLists).
 */
export function assembleColumns(head: Pick<Trace, 'traceId' | 'resources' | 'warnings' | 'partial'>, strings: string[], base: number, spans: SpanColumns, tree: SpanTree | undefined): TraceColumns {
  const parents = resolveParentColumn(strings, spans.spanId, spans.parentId);
  return {
    format: TRACE_COLUMNS_FORMAT,
    traceId: head.traceId,
    resources: head.resources,
    warnings: head.warnings,
    ...(head.partial !== undefined ? { partial: head.partial } : {}),
    strings,
    base,
    count: spans.spanId.length,
    ...spans,
    parent: parents.parent,
    parentWarnings: parents.warnings,
    ...treeLists(tree, parents.parent, spans.start),
  };
}

/**
 * The string table of columns: span ids first (`spanId` gets each span's index), then every
 * other string once, in the order first asked for. Given `distinctIds` (no two spans share
 * one), ids are pushed without the map; equal ids must get equal indexes (resolveParentColumn),
 * so an id asked for again is looked up among them first.
 */
export class ColumnStrings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  private firstById: Map<string, number> | undefined;

  constructor(
    private readonly spanId: Int32Array,
    private readonly distinctIds: readonly string[] | undefined,
  ) {
    if (distinctIds) {
      for (let i = 0; i < distinctIds.length; i += 1) {
        spanId[i] = this.list.length;
        this.list.push(distinctIds[i]!);
      }
    }
  }

  intern(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.list.length;
      this.list.push(s);
      this.index.set(s, k);
    }
    return k;
  }

  /**
   * The index of an id a span holds (its parent's, or the one it reports): its parent `p`'s
   * when that is the id (`parentSpanId`), else the first span with it, else a string of its own.
   */
  idIndex(id: string, p: number, parentSpanId: string | undefined): number {
    if (parentSpanId === id) return this.spanId[p]!;
    const ids = this.distinctIds;
    if (!ids) return this.intern(id);
    if (!this.firstById) {
      this.firstById = new Map();
      for (let i = 0; i < ids.length; i += 1) this.firstById.set(ids[i]!, this.spanId[i]!);
    }
    return this.firstById.get(id) ?? this.intern(id);
  }
}

/**
 * Turns the absolute times (epoch microseconds; NaN in `rpc` for a moment not known) into
 * offsets from the base it returns: the earliest start, when every offset comes back bit for
 * bit, else 0 (a stray 0 beside epoch microseconds, fractions far from base: all absolute).
 */
export function offsetTimes(start: Float64Array, rpc: Float64Array): number {
  let base = Number.POSITIVE_INFINITY;
  for (let i = 0; i < start.length; i += 1) if (start[i]! < base) base = start[i]!;
  if (!Number.isFinite(base)) base = 0;
  for (let i = 0; i < start.length && base !== 0; i += 1) if (!exactOffset(start[i]!, base)) base = 0;
  for (let k = 0; k < rpc.length && base !== 0; k += 1) if (!Number.isNaN(rpc[k]!) && !exactOffset(rpc[k]!, base)) base = 0;
  if (base !== 0) {
    for (let i = 0; i < start.length; i += 1) start[i] = start[i]! - base;
    for (let k = 0; k < rpc.length; k += 1) rpc[k] = rpc[k]! - base;
  }
  return base;
}

/**
 * The normaliser's tree, to go along with the columns when it is the one these parents make
 * (it is, unless spans were renamed since, or ids repeat, or times moved): the page then skips
 * sorting and bucketing.
 */
function treeLists(tree: SpanTree | undefined, parent: Int32Array, start: Float64Array): Pick<TraceColumns, 'childStart' | 'children' | 'roots'> {
  const same = tree !== undefined && tree.warnings.length === 0 && sameValues(tree.parent, parent) && inStartOrder(tree, start);
  return same ? { childStart: tree.childStart, children: tree.children, roots: tree.roots } : {};
}

/**
 * Every list of children, and the roots, still in the order buildSpanTree gives (start, then
 * index): true unless a span's time was changed after it was normalised.
 */
function inStartOrder(tree: SpanTree, start: Float64Array): boolean {
  const sorted = (list: Int32Array, from: number, to: number): boolean => {
    for (let k = from + 1; k < to; k += 1) {
      const a = list[k - 1]!;
      const b = list[k]!;
      if (start[a]! > start[b]! || (start[a] === start[b] && a > b)) return false;
    }
    return true;
  };
  if (!sorted(tree.roots, 0, tree.roots.length)) return false;
  for (let i = 0; i + 1 < tree.childStart.length; i += 1) if (!sorted(tree.children, tree.childStart[i]!, tree.childStart[i + 1]!)) return false;
  return true;
}

function sameValues(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Each span's parent index, as buildSpanTree (shared/trace/tree.ts) resolves it by id, from
 * the interned indexes: one string table means equal ids have equal indexes, so an array by
 * string index replaces the map of 100,000 ids the page would otherwise build.
 */
function resolveParentColumn(strings: readonly string[], spanId: Int32Array, parentId: Int32Array): { parent: Int32Array; warnings: string[] } {
  const n = spanId.length;
  const firstSpan = new Int32Array(strings.length).fill(-1);
  let distinct = 0;
  for (let i = 0; i < n; i += 1) {
    if (firstSpan[spanId[i]!]! < 0) {
      firstSpan[spanId[i]!] = i;
      distinct += 1;
    }
  }
  const parent = new Int32Array(n);
  let orphans = 0;
  let orphanExample = '';
  for (let i = 0; i < n; i += 1) {
    const id = parentId[i]!;
    parent[i] = -1;
    if (id === -1 || strings[id] === '') continue;
    const p = firstSpan[id]!;
    if (p < 0) {
      orphans += 1;
      if (!orphanExample) orphanExample = strings[id]!;
    } else if (p !== i) parent[i] = p;
  }
  const warnings: string[] = [];
  if (n > distinct) warnings.push(duplicateIdsWarning(n - distinct));
  if (orphans > 0) warnings.push(orphansWarning(orphans, orphanExample));
  return { parent, warnings };
}

/**
 * The parents the encoder resolved, and the tree's lists where the host sent them, for
 * layoutTrace's `parents` option; undefined when the columns came without them (the page
 * then resolves them by id itself).
 */
export function decodeParents(c: TraceColumns): KnownParents | undefined {
  if (c.parent === undefined) return undefined;
  const known: KnownParents = { parent: c.parent, warnings: c.parentWarnings ?? [] };
  // TraceColumnsSchema checked that the three lists make a tree of these parents.
  if (c.childStart && c.children && c.roots) known.lists = { childStart: c.childStart, children: c.children, roots: c.roots };
  return known;
}

/** The Trace the columns were encoded from. */
export function decodeTraceColumns(c: TraceColumns): Trace {
  const n = c.count;
  const { strings, base } = c;
  const extraOf = new Map<number, SpanExtras>();
  for (const extra of c.extras) extraOf.set(extra.span, extra);
  const spans = new Array<Span>(n);
  // One status object per code/reported pair, shared by every span without a message: nothing
  // changes a decoded span's status, and 100,000 small objects are GC work in the page.
  const statuses = new Map<number, SpanStatus>();
  const sharedStatus = (f: number): SpanStatus => {
    const key = f & STATUS_BITS;
    let status = statuses.get(key);
    if (!status) statuses.set(key, (status = statusOf(f)));
    return status;
  };
  let attrFrom = 0;
  let r = 0;
  for (let i = 0; i < n; i += 1) {
    const f = c.flags[i]!;
    const extra = extraOf.get(i);
    const status = extra?.statusMessage !== undefined ? { ...statusOf(f), message: extra.statusMessage } : sharedStatus(f);
    const attributes: Record<string, string> = {};
    const attrTo = c.attrEnd[i]!;
    for (let k = attrFrom; k < attrTo; k += 2) attributes[strings[c.attrs[k]!]!] = strings[c.attrs[k + 1]!]!;
    attrFrom = attrTo;
    const span: Span = {
      spanId: strings[c.spanId[i]!]!,
      service: strings[c.service[i]!]!,
      operation: strings[c.operation[i]!]!,
      kind: SPAN_KINDS[c.kind[i]!]!,
      resource: c.resource[i]!,
      start: c.start[i]! + base,
      duration: c.duration[i]!,
      attributes,
      events: extra?.events ?? NO_EVENTS,
      status,
    };
    if (c.reportedId[i] !== -1) span.reportedId = strings[c.reportedId[i]!]!;
    if (c.parentId[i] !== -1) span.parentId = strings[c.parentId[i]!]!;
    if (f & SPAN_FLAG.unfinished) span.unfinished = true;
    else if (f & SPAN_FLAG.finishedExplicit) span.unfinished = false;
    if (f & SPAN_FLAG.hasRpc) {
      const times: RpcTimes = {};
      const cs = c.rpc[r]!;
      const sr = c.rpc[r + 1]!;
      const ss = c.rpc[r + 2]!;
      const cr = c.rpc[r + 3]!;
      r += 4;
      if (!Number.isNaN(cs)) times.cs = cs + base;
      if (!Number.isNaN(sr)) times.sr = sr + base;
      if (!Number.isNaN(ss)) times.ss = ss + base;
      if (!Number.isNaN(cr)) times.cr = cr + base;
      span.rpc = times;
    }
    if (extra?.links) span.links = extra.links;
    if (extra?.notes) span.notes = extra.notes;
    spans[i] = span;
  }
  return {
    traceId: c.traceId,
    spans,
    resources: c.resources,
    warnings: c.warnings,
    ...(c.partial !== undefined ? { partial: c.partial } : {}),
  };
}

function statusOf(f: number): SpanStatus {
  const status: SpanStatus = { code: STATUS_CODES[(f >> SPAN_FLAG.statusShift) & 3]! };
  const reported = (f >> SPAN_FLAG.reportedShift) & 3;
  if (reported > 0) status.reported = STATUS_CODES[reported - 1]!;
  return status;
}

/** The bits of `flags` that statusOf reads. */
const STATUS_BITS = (3 << SPAN_FLAG.statusShift) | (3 << SPAN_FLAG.reportedShift);
// Shared by every decoded span without events, as the normalisers share theirs.
const NO_EVENTS: SpanEvent[] = [];

function exactOffset(value: number, base: number): boolean {
  return value - base + base === value;
}

/** A status's bits of `flags`. */
export function statusFlags(status: SpanStatus): number {
  let f = STATUS_INDEX[status.code] << SPAN_FLAG.statusShift;
  if (status.reported !== undefined) f |= (STATUS_INDEX[status.reported] + 1) << SPAN_FLAG.reportedShift;
  return f;
}

/** Each kind's index in SPAN_KINDS (the `kind` column's values). */
export const KIND_INDEX = Object.fromEntries(SPAN_KINDS.map((k, i) => [k, i])) as Record<(typeof SPAN_KINDS)[number], number>;
const STATUS_INDEX = Object.fromEntries(STATUS_CODES.map((k, i) => [k, i])) as Record<(typeof STATUS_CODES)[number], number>;
