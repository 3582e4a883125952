import { SPAN_FLAG, SPAN_KINDS, type SpanExtras, type TraceColumns } from '../model/trace-columns';
import { callSkew, SpanClocks } from './clock-skew';
import { assembleColumns, AttrList, ColumnStrings, KIND_INDEX, offsetTimes, statusFlags } from './columns-codec';
import { ResourceTable } from './resources';
import { impossibleNote, isCallServer, type RpcColumns, rpcPartners, rpcTimesOf } from './rpc-link';
import { treeOfParents } from './tree';
import { rowParentId, type ZipkinRows, zipkinRows } from './zipkin-rows';
import type { ScannedZipkin } from './zipkin-scan';
import {
  EndpointResources,
  endpointService,
  isFinished,
  recordAttributes,
  recordEvents,
  recordKind,
  recordStatus,
  UNFINISHED_NOTE,
  versionOf,
} from './zipkin-span';

/**
 * The columns of a scanned Zipkin trace, written straight from the scan: exactly what
 * `encodeTraceColumns(normalizeZipkinBytes(bytes))` gives (zipkin-columns.test.ts holds it to
 * that), without the 100,000 Span and RpcTimes objects that path builds only to encode and
 * drop. Each step is the one finishTrace (finish.ts) takes, over columns: the same grouping
 * (zipkin-rows.ts), the same tree (treeOfParents), the same skew test (callSkew), RPC moments
 * (rpcTimesOf) and string table (ColumnStrings).
 *
 * Only the plain case, where finishTrace changes no time and writes no note of its own:
 * undefined — the caller then takes normalizeZipkinBytes and the encoder — when
 * normalizeZipkinBytes itself would decline, when a record has no timestamp (placeTimeless
 * would place it), when a client → server edge between two clocks is out of line (clock skew
 * would move the server), or when a call's moments contradict each other (linkRpcTimes would
 * note it). Annotations (events), errors and unfinished spans are taken: they go in `extras`
 * as the encoder puts them.
 */
export function zipkinColumnsFromScan(s: ScannedZipkin): TraceColumns | undefined {
  const rows = zipkinRows(s);
  if (!rows) return undefined;
  // One step per function below, each a single pass over the rows.
  const resources = new ResourceTable();
  const spans = rowSpans(s, rows, resources);
  if (!spans) return undefined;
  const tree = treeOfParents(Int32Array.from(rows.parentRow), spans.start, (i) => rows.spanId[i]!, []);
  const times: RpcColumns = { kind: spans.kind, start: spans.start, duration: spans.duration, unfinished: spans.unfinished, parent: tree.parent };
  if (!clocksInLine(times, spans, resources)) return undefined;
  const rpc = rpcMoments(times);
  if (!rpc) return undefined;
  const strings = stringColumns(s, rows, spans, tree.parent);
  const base = offsetTimes(spans.start, rpc);
  const { spanId, reportedId, parentId, operation, flags, attrEnd, attrs, extras } = strings;
  const columns = { spanId, reportedId, parentId, service: strings.service, operation, kind: spans.kind, resource: spans.resource, start: spans.start, duration: spans.duration, flags, attrEnd, attrs, rpc, extras };
  return assembleColumns({ traceId: rows.traceId.toLowerCase(), resources: resources.list, warnings: [] }, strings.table.list, base, columns, tree);
}

/** Each row's service, resource, kind and times, in row order (the order spanOfRecord adds resources in). */
interface RowSpans {
  service: string[];
  resource: Int32Array;
  kind: Int32Array;
  start: Float64Array;
  duration: Float64Array;
  unfinished: Uint8Array;
}

/** undefined where a record has no timestamp: placeTimeless would place the span and say so. */
function rowSpans(s: ScannedZipkin, rows: ZipkinRows, resources: ResourceTable): RowSpans | undefined {
  const n = rows.count;
  const endpoints = new EndpointResources(resources);
  const service = new Array<string>(n);
  const resource = new Int32Array(n);
  const kind = new Int32Array(n);
  const start = new Float64Array(n);
  const duration = new Float64Array(n);
  const unfinished = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const r = rows.recordOfRow[i]!;
    const timestamp = s.timestamp[r]!;
    if (!Number.isFinite(timestamp)) return undefined;
    const local = s.localEndpoint[r];
    service[i] = endpointService(local);
    resource[i] = endpoints.of(service[i]!, local, versionOf(s.tags[r]));
    kind[i] = KIND_INDEX[recordKind(s.kind[r])];
    start[i] = timestamp;
    const d = s.duration[r]!;
    // The scan's NaN is "no duration", which isFinished refuses as it refuses undefined.
    if (isFinished(d)) duration[i] = d;
    else unfinished[i] = 1;
  }
  return { service, resource, kind, start, duration, unfinished };
}

/**
 * false where a client → server edge between two clocks has the server out of line:
 * correctClockSkew would move it (and notes and warnings would follow).
 */
function clocksInLine(times: RpcColumns, spans: RowSpans, resources: ResourceTable): boolean {
  const clock = spanClocks(spans, resources);
  const { kind, start, duration, unfinished, parent } = times;
  for (let i = 0; i < clock.length; i += 1) {
    const p = parent[i]!;
    if (p < 0 || clock[p] === clock[i] || kind[p] !== CLIENT || kind[i] !== SERVER) continue;
    if (callSkew(start[p]!, duration[p]!, unfinished[p] === 1, start[i]!, duration[i]!, unfinished[i] === 1) !== 0) return false;
  }
  return true;
}

function spanClocks(spans: RowSpans, resources: ResourceTable): Int32Array {
  const clocks = new SpanClocks(resources.list);
  const clock = new Int32Array(spans.resource.length);
  for (let i = 0; i < clock.length; i += 1) clock[i] = clocks.of(spans.resource[i]!, spans.service[i]!);
  return clock;
}

/** CS/SR/SS/CR for every span that is an RPC half (all but internal ones), in span order; undefined where a call's moments contradict each other (linkRpcTimes would note it on both halves). */
function rpcMoments(times: RpcColumns): Float64Array | undefined {
  const partner = rpcPartners(times);
  const rpc = new Float64Array(countRpcSpans(times.kind) * 4);
  let at = 0;
  for (let i = 0; i < times.kind.length; i += 1) {
    if (!rpcTimesOf(times, partner, i, rpc, at)) continue;
    if (isCallServer(times, partner, i) && impossibleNote(rpc, at) !== undefined) return undefined;
    at += 4;
  }
  return rpc;
}

function countRpcSpans(kind: Int32Array): number {
  let count = 0;
  for (let i = 0; i < kind.length; i += 1) if (kind[i] !== INTERNAL) count += 1;
  return count;
}

/**
 * The strings in the encoder's order: span ids (distinct: zipkinRows made one row per id),
 * then per span its reported and parent ids, service, operation, attribute keys and values;
 * with them the flags and the extras (events, notes, status messages) the encoder writes.
 */
function stringColumns(s: ScannedZipkin, rows: ZipkinRows, spans: RowSpans, parent: Int32Array) {
  const n = rows.count;
  const { kind, unfinished, service } = spans;
  const spanId = new Int32Array(n);
  const table = new ColumnStrings(spanId, rows.spanId);
  const reportedId = new Int32Array(n);
  const parentId = new Int32Array(n);
  const serviceColumn = new Int32Array(n);
  const operation = new Int32Array(n);
  const flags = new Int32Array(n);
  const attrEnd = new Int32Array(n);
  const attrs = new AttrList(n);
  const extras: SpanExtras[] = [];
  for (let i = 0; i < n; i += 1) {
    const r = rows.recordOfRow[i]!;
    const p = parent[i]!;
    const parentSpanId = p < 0 ? undefined : rows.spanId[p];
    reportedId[i] = rows.serverHalf[i] === 1 ? table.idIndex(s.id[r]!, p, parentSpanId) : -1;
    const pid = rowParentId(rows, i);
    parentId[i] = pid === undefined ? -1 : table.idIndex(pid, p, parentSpanId);
    serviceColumn[i] = table.intern(service[i]!);
    operation[i] = table.intern(s.name[r] || 'unknown');
    const attributes = recordAttributes(s.tags[r], s.remoteEndpoint[r], rows.unanswered[i] === 1);
    for (const key in attributes) attrs.add(table.intern(key), table.intern(attributes[key]!));
    attrEnd[i] = attrs.count;
    const annotations = s.annotations[r];
    // Shared UNSET for most spans (deriveStatus): an object only for the few that failed or said OK.
    const status = recordStatus(attributes, annotations, SPAN_KINDS[kind[i]!]!);
    let f = statusFlags(status);
    if (unfinished[i] === 1) f |= SPAN_FLAG.unfinished;
    if (kind[i] !== INTERNAL) f |= SPAN_FLAG.hasRpc;
    flags[i] = f;
    if ((annotations && annotations.length > 0) || unfinished[i] === 1 || status.message !== undefined) {
      const extra: SpanExtras = { span: i };
      const events = recordEvents(annotations);
      if (events.length > 0) extra.events = events;
      // Its own list, as spanOfRecord gives each span: a decoded span's notes may be added to.
      if (unfinished[i] === 1) extra.notes = [UNFINISHED_NOTE];
      if (status.message !== undefined) extra.statusMessage = status.message;
      extras.push(extra);
    }
  }
  return { table, spanId, reportedId, parentId, service: serviceColumn, operation, flags, attrEnd, attrs: attrs.toArray(), extras };
}

const CLIENT = KIND_INDEX.client;
const SERVER = KIND_INDEX.server;
const INTERNAL = KIND_INDEX.internal;
