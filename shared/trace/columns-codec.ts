import { SPAN_FLAG, SPAN_KINDS, STATUS_CODES, type SpanExtras, TRACE_COLUMNS_FORMAT, type TraceColumns } from '../model/trace-columns';
import type { RpcTimes, Span, SpanStatus, Trace } from '../model/traces';

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

  const spanId = new Array<number>(n);
  const reportedId = new Array<number>(n);
  const parentId = new Array<number>(n);
  const service = new Array<number>(n);
  const operation = new Array<number>(n);
  const kind = new Array<number>(n);
  const resource = new Array<number>(n);
  const start = new Array<number>(n);
  const duration = new Array<number>(n);
  const flags = new Array<number>(n);
  const attrEnd = new Array<number>(n);
  const attrs: number[] = [];
  const rpc: (number | null)[] = [];
  const extras: SpanExtras[] = [];
  const at = (v: number | undefined) => (v === undefined ? null : v - base);

  for (let i = 0; i < n; i += 1) {
    const s = spans[i]!;
    spanId[i] = intern(s.spanId);
    reportedId[i] = s.reportedId === undefined ? -1 : intern(s.reportedId);
    parentId[i] = s.parentId === undefined ? -1 : intern(s.parentId);
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
      rpc.push(at(s.rpc.cs), at(s.rpc.sr), at(s.rpc.ss), at(s.rpc.cr));
    }
    flags[i] = f;
    for (const key in s.attributes) attrs.push(intern(key), intern(s.attributes[key]!));
    attrEnd[i] = attrs.length;
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
    attrs,
    rpc,
    extras,
  };
}

/** The Trace the columns were encoded from. */
export function decodeTraceColumns(c: TraceColumns): Trace {
  const n = c.count;
  const { strings, base } = c;
  const extraOf = new Map<number, SpanExtras>();
  for (const extra of c.extras) extraOf.set(extra.span, extra);
  const spans = new Array<Span>(n);
  let attrFrom = 0;
  let r = 0;
  for (let i = 0; i < n; i += 1) {
    const f = c.flags[i]!;
    const status: SpanStatus = { code: STATUS_CODES[(f >> SPAN_FLAG.statusShift) & 3]! };
    const reported = (f >> SPAN_FLAG.reportedShift) & 3;
    if (reported > 0) status.reported = STATUS_CODES[reported - 1]!;
    const attributes: Record<string, string> = {};
    const attrTo = c.attrEnd[i]!;
    for (let k = attrFrom; k < attrTo; k += 2) attributes[strings[c.attrs[k]!]!] = strings[c.attrs[k + 1]!]!;
    attrFrom = attrTo;
    const extra = extraOf.get(i);
    if (extra?.statusMessage !== undefined) status.message = extra.statusMessage;
    const span: Span = {
      spanId: strings[c.spanId[i]!]!,
      service: strings[c.service[i]!]!,
      operation: strings[c.operation[i]!]!,
      kind: SPAN_KINDS[c.kind[i]!]!,
      resource: c.resource[i]!,
      start: c.start[i]! + base,
      duration: c.duration[i]!,
      attributes,
      events: extra?.events ?? [],
      status,
    };
    if (c.reportedId[i] !== -1) span.reportedId = strings[c.reportedId[i]!]!;
    if (c.parentId[i] !== -1) span.parentId = strings[c.parentId[i]!]!;
    if (f & SPAN_FLAG.unfinished) span.unfinished = true;
    else if (f & SPAN_FLAG.finishedExplicit) span.unfinished = false;
    if (f & SPAN_FLAG.hasRpc) {
      const times: RpcTimes = {};
      const cs = c.rpc[r];
      const sr = c.rpc[r + 1];
      const ss = c.rpc[r + 2];
      const cr = c.rpc[r + 3];
      r += 4;
      if (cs != null) times.cs = cs + base;
      if (sr != null) times.sr = sr + base;
      if (ss != null) times.ss = ss + base;
      if (cr != null) times.cr = cr + base;
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
