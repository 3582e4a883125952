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
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let k = index.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      index.set(s, k);
    }
    return k;
  };
  let base = Number.POSITIVE_INFINITY;
  for (const span of spans) if (span.start < base) base = span.start;
  if (!Number.isFinite(base)) base = 0;
  // Offsets are exact for epoch times near base; any time that would not come back bit for bit
  // (a stray 0 beside epoch microseconds, fractions far from base) sends every time absolute.
  for (let i = 0; i < n && base !== 0; i += 1) if (!exactOffset(spans[i]!.start, base) || !rpcExact(spans[i]!.rpc, base)) base = 0;

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
  let attrs = new Int32Array(n * 8);
  let attrCount = 0;
  let r = 0;
  const extras: SpanExtras[] = [];
  // NaN stands for a time the span did not report.
  const at = (v: number | undefined) => (v === undefined ? Number.NaN : v - base);

  // Ids first, so a span's parent id can be taken from its parent's row below. Equal ids must
  // get equal indexes (resolveParentColumn): spans known to have distinct ids skip the map.
  const hints = encodeHints(trace);
  const distinct = hints?.distinctIds !== undefined && idsUnchanged(spans, hints.distinctIds);
  for (let i = 0; i < n; i += 1) {
    if (distinct) {
      spanId[i] = strings.length;
      strings.push(spans[i]!.spanId);
    } else spanId[i] = intern(spans[i]!.spanId);
  }
  // The index of an id another span may have, when the hint does not cover it (an orphan, a cut
  // cycle, a reported id): the first span with it, else a string of its own.
  let firstById: Map<string, number> | undefined;
  const parentIdIndex = (id: string): number => {
    if (!distinct) return intern(id);
    if (!firstById) {
      firstById = new Map();
      for (let i = 0; i < n; i += 1) firstById.set(spans[i]!.spanId, spanId[i]!);
    }
    return firstById.get(id) ?? intern(id);
  };
  const hintParent = hints?.tree.parent;
  // The ids as one array of the same strings: comparing there spares reading 100,000 parent span objects.
  const ids = distinct ? hints!.distinctIds! : undefined;
  for (let i = 0; i < n; i += 1) {
    const s = spans[i]!;
    const p = hintParent ? hintParent[i]! : -1;
    const parentSpanId = p < 0 ? undefined : ids ? ids[p] : spans[p]!.spanId;
    const rid = s.reportedId;
    // A server half reports the id of its client half, which is its parent (shared/trace/zipkin.ts).
    if (rid === undefined) reportedId[i] = -1;
    else reportedId[i] = parentSpanId === rid ? spanId[p]! : parentIdIndex(rid);
    const pid = s.parentId;
    if (pid === undefined) parentId[i] = -1;
    else parentId[i] = parentSpanId === pid ? spanId[p]! : parentIdIndex(pid);
    service[i] = intern(s.service);
    operation[i] = intern(s.operation);
    kind[i] = KIND_INDEX[s.kind];
    resource[i] = s.resource;
    start[i] = s.start - base;
    duration[i] = s.duration;
    let f = STATUS_INDEX[s.status.code] << SPAN_FLAG.statusShift;
    if (s.status.reported !== undefined) f |= (STATUS_INDEX[s.status.reported] + 1) << SPAN_FLAG.reportedShift;
    if (s.unfinished === true) f |= SPAN_FLAG.unfinished;
    else if (s.unfinished === false) f |= SPAN_FLAG.finishedExplicit;
    if (s.rpc) {
      f |= SPAN_FLAG.hasRpc;
      rpc[r] = at(s.rpc.cs);
      rpc[r + 1] = at(s.rpc.sr);
      rpc[r + 2] = at(s.rpc.ss);
      rpc[r + 3] = at(s.rpc.cr);
      r += 4;
    }
    flags[i] = f;
    const attributes = s.attributes;
    for (const key in attributes) {
      if (attrCount + 2 > attrs.length) {
        const grown = new Int32Array(attrs.length * 2 + 16);
        grown.set(attrs);
        attrs = grown;
      }
      attrs[attrCount++] = intern(key);
      attrs[attrCount++] = intern(attributes[key]!);
    }
    attrEnd[i] = attrCount;
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

  const parents = resolveParentColumn(strings, spanId, parentId);
  // The normaliser's tree goes along when it is the one these parents make (it is, unless
  // spans were renamed since, or ids repeat): the page then skips sorting and bucketing.
  const tree = hints?.tree;
  const sameTree = tree !== undefined && tree.warnings.length === 0 && sameValues(tree.parent, parents.parent) && inStartOrder(tree, start);
  return {
    format: TRACE_COLUMNS_FORMAT,
    traceId: trace.traceId,
    resources: trace.resources,
    warnings: trace.warnings,
    ...(trace.partial !== undefined ? { partial: trace.partial } : {}),
    strings,
    base,
    count: n,
    spanId,
    reportedId,
    parentId,
    service,
    operation,
    kind,
    resource,
    start,
    duration,
    flags,
    attrEnd,
    attrs: attrs.slice(0, attrCount),
    rpc,
    extras,
    parent: parents.parent,
    parentWarnings: parents.warnings,
    ...(sameTree ? { childStart: tree.childStart, children: tree.children, roots: tree.roots } : {}),
  };
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

function rpcExact(rpc: RpcTimes | undefined, base: number): boolean {
  if (!rpc) return true;
  return exactOrAbsent(rpc.cs, base) && exactOrAbsent(rpc.sr, base) && exactOrAbsent(rpc.ss, base) && exactOrAbsent(rpc.cr, base);
}

function exactOrAbsent(value: number | undefined, base: number): boolean {
  return value === undefined || exactOffset(value, base);
}

const KIND_INDEX = Object.fromEntries(SPAN_KINDS.map((k, i) => [k, i])) as Record<(typeof SPAN_KINDS)[number], number>;
const STATUS_INDEX = Object.fromEntries(STATUS_CODES.map((k, i) => [k, i])) as Record<(typeof STATUS_CODES)[number], number>;
