import type { Span, SpanKind, Trace } from '../model/traces';
import { finishTrace, tagText } from './finish';
import { describeValue, TraceFormatError, Warnings } from './warnings';
import { parseZipkinRecord, type ZipkinSpan } from './zipkin-schema';

// Shared empties: most ids have no server half, and 100,000 empty arrays are GC work.
const NONE: readonly ZipkinSpan[] = [];
const NONE_IDS: readonly string[] = [];
const NONE_IDX: number[] = [];

/** The records reported under one span id: the caller's side and any server halves. */
interface IdGroup {
  id: string;
  main?: ZipkinSpan;
  servers: readonly ZipkinSpan[];
  /** Model span id of each server half: the bare id when there is no client half. */
  serverIds: readonly string[];
  mainIndex: number;
  serverIndex: number[];
}

/**
 * Zipkin v2 `/api/v2/trace/{id}` (a bare array, microseconds) into the trace model. The
 * client and server halves of one RPC share an id in Zipkin; here the server half becomes
 * `${id}:server`, a child of the client half, and both carry the merged CS/SR/SS/CR.
 */
export function normalizeZipkin(input: unknown): Trace {
  if (!Array.isArray(input)) {
    throw new TraceFormatError(`expected a Zipkin v2 trace (a JSON array of spans) but got ${describeValue(input)}`);
  }
  const warnings = new Warnings();
  const records: ZipkinSpan[] = [];
  let rejected = 0;
  let firstProblem = '';
  for (const item of input) {
    const parsed = parseZipkinRecord(item);
    if (parsed.ok) records.push(parsed.span);
    else {
      rejected += 1;
      if (!firstProblem) firstProblem = parsed.problem;
    }
  }
  if (rejected > 0) warnings.add(`${rejected} records are not Zipkin spans and were left out (first problem at: ${firstProblem})`);
  if (records.length === 0) throw new TraceFormatError('the trace has no spans');

  const traceId = pickTraceId(records, warnings);
  const groups = groupById(records);
  const spans: Span[] = [];
  // Parent of each span as (group, half): resolved to indexes once every span has one.
  const parentGroups: (IdGroup | undefined)[] = [];
  const parentHalves: number[] = [];
  for (const group of groups.values()) {
    if (group.main) {
      group.mainIndex = spans.length;
      const half = parentOf(group.main, groups, parentGroups);
      parentHalves.push(half);
      spans.push(toSpan(group.main, group.id, idOf(parentGroups[spans.length], half), group.servers.length === 0));
    }
    group.servers.forEach((server, k) => {
      group.serverIndex[k] = spans.length;
      let half = -1;
      if (group.main) parentGroups.push(group);
      else half = parentOf(server, groups, parentGroups);
      parentHalves.push(half);
      spans.push(toSpan(server, group.serverIds[k]!, idOf(parentGroups[spans.length], half), false));
    });
  }
  const parentIndex = new Int32Array(spans.length).fill(-1);
  for (let i = 0; i < spans.length; i += 1) {
    const group = parentGroups[i];
    if (!group) continue;
    const half = parentHalves[i]!;
    parentIndex[i] = half < 0 ? group.mainIndex : (group.serverIndex[half] ?? -1);
  }
  fillMissingTimestamps(spans, warnings);
  return finishTrace(traceId, spans, warnings, parentIndex);
}

function pickTraceId(records: ZipkinSpan[], warnings: Warnings): string {
  let traceId = records[0]!.traceId;
  for (const r of records) if (r.traceId.length > traceId.length) traceId = r.traceId;
  traceId = traceId.toLowerCase();
  let foreign = 0;
  for (const r of records) {
    // 128-bit trace ids may be reported as their low 64 bits by older tracers.
    if (r.traceId !== traceId && !traceId.endsWith(r.traceId.toLowerCase())) foreign += 1;
  }
  if (foreign > 0) warnings.add(`${foreign} spans carry a different trace id than ${traceId}; shown anyway`);
  return traceId;
}

function groupById(records: ZipkinSpan[]): Map<string, IdGroup> {
  const groups = new Map<string, IdGroup>();
  for (const r of records) {
    const id = r.id.toLowerCase();
    let group = groups.get(id);
    if (!group) {
      group = { id, servers: NONE, serverIds: NONE_IDS, mainIndex: -1, serverIndex: NONE_IDX };
      groups.set(id, group);
    }
    if (r.kind === 'CLIENT' && group.main?.kind === 'SERVER') {
      // Older tracers send the server half as a SERVER record without `shared`, maybe first.
      group.servers = [group.main, ...group.servers];
      group.main = r;
    } else if (r.shared === true || (r.kind === 'SERVER' && group.main?.kind === 'CLIENT')) {
      const service = serviceOf(r);
      const same = group.servers.findIndex((s) => serviceOf(s) === service);
      if (same >= 0) group.servers = group.servers.map((s, k) => (k === same ? merge(s, r) : s));
      else group.servers = [...group.servers, r];
    } else {
      group.main = group.main ? merge(group.main, r) : r;
    }
  }
  for (const group of groups.values()) {
    if (group.servers.length === 0) continue;
    group.serverIndex = [];
    group.serverIds = group.servers.map((_s, k) => (group.main || k > 0 ? `${group.id}:server${k > 0 ? k + 1 : ''}` : group.id));
  }
  return groups;
}

/**
 * A record names a shared id as its parent; it belongs under the server half when it runs in
 * the server's service (the usual case), under the client half when it runs in the client's.
 * Half -1 is the client (main) record; an unknown parent keeps its raw id and no group.
 */
function parentOf(record: ZipkinSpan, groups: Map<string, IdGroup>, out: (IdGroup | undefined)[]): number {
  const raw = record.parentId;
  let group = raw ? groups.get(raw) : undefined;
  if (raw && !group && raw.toLowerCase() !== raw) group = groups.get(raw.toLowerCase());
  if (raw && !group) group = { id: raw.toLowerCase(), servers: NONE, serverIds: [], mainIndex: -1, serverIndex: [] };
  out.push(group);
  if (!group || group.servers.length === 0) return -1;
  if (!group.main) return 0;
  const service = serviceOf(record);
  for (let k = 0; k < group.servers.length; k += 1) {
    if (serviceOf(group.servers[k]!) === service) return k;
  }
  return serviceOf(group.main) === service ? -1 : 0;
}

function idOf(group: IdGroup | undefined, half: number): string | undefined {
  if (!group) return undefined;
  return half < 0 ? group.id : group.serverIds[half];
}

/** One span reported in several records (late tags, split annotations): one record again. */
function merge(a: ZipkinSpan, b: ZipkinSpan): ZipkinSpan {
  const starts = [a.timestamp, b.timestamp].filter((t): t is number => typeof t === 'number');
  const ends = [a, b]
    .filter((r) => typeof r.timestamp === 'number' && typeof r.duration === 'number')
    .map((r) => r.timestamp! + r.duration!);
  const timestamp = starts.length ? Math.min(...starts) : undefined;
  return {
    ...a,
    parentId: a.parentId ?? b.parentId,
    kind: a.kind ?? b.kind,
    name: a.name && a.name !== 'unknown' ? a.name : (b.name ?? a.name),
    timestamp,
    duration: timestamp !== undefined && ends.length ? Math.max(...ends) - timestamp : (a.duration ?? b.duration),
    localEndpoint: a.localEndpoint?.serviceName ? a.localEndpoint : (b.localEndpoint ?? a.localEndpoint),
    remoteEndpoint: a.remoteEndpoint ?? b.remoteEndpoint,
    annotations: [...(a.annotations ?? []), ...(b.annotations ?? [])],
    tags: { ...b.tags, ...a.tags },
    shared: a.shared ?? b.shared,
  };
}

const KINDS: Record<string, SpanKind> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };
const NO_TAGS: Record<string, unknown> = {};

/** `unanswered`: no server half was reported, so name the callee from the remote endpoint. */
function toSpan(r: ZipkinSpan, spanId: string, parentId: string | undefined, unanswered: boolean): Span {
  const peer = unanswered ? (r.remoteEndpoint?.serviceName ?? undefined) : undefined;
  const tags = stringTags(r.tags ?? NO_TAGS, peer);
  const annotations = r.annotations ?? [];
  const logs = annotations.map((a) => ({ time: a.timestamp, fields: { event: a.value } as Record<string, string> }));
  if (logs.length > 1) logs.sort((x, y) => x.time - y.time);
  const start = r.timestamp ?? logs[0]?.time ?? Number.NaN;
  const lastLog = logs[logs.length - 1]?.time;
  const duration = r.duration ?? (lastLog !== undefined && lastLog > start ? lastLog - start : 0);
  return {
    spanId,
    parentId,
    service: serviceOf(r),
    operation: r.name || 'unknown',
    kind: (r.kind && KINDS[r.kind.toUpperCase()]) || 'internal',
    start,
    duration,
    tags,
    logs,
    error: tags.error !== undefined || annotations.some((a) => a.value === 'error'),
    rpc: undefined,
  };
}

/**
 * The tags as strings. The usual all-string object from JSON.parse is used as it is (it is
 * ours, and copying 100,000 of them is the biggest avoidable cost); anything else is copied.
 */
function stringTags(raw: Record<string, unknown>, peer: string | undefined): Record<string, string> {
  let allStrings = true;
  for (const key in raw) {
    if (typeof raw[key] !== 'string') {
      allStrings = false;
      break;
    }
  }
  const addPeer = !!peer && raw['peer.service'] === undefined;
  if (allStrings && !addPeer && raw !== NO_TAGS) return raw as Record<string, string>;
  const tags: Record<string, string> = {};
  for (const key in raw) tags[key] = tagText(raw[key]);
  if (addPeer) tags['peer.service'] = peer!;
  return tags;
}

function serviceOf(r: ZipkinSpan): string {
  return r.localEndpoint?.serviceName || 'unknown';
}

function fillMissingTimestamps(spans: Span[], warnings: Warnings): void {
  let earliest = Number.POSITIVE_INFINITY;
  for (const s of spans) if (Number.isFinite(s.start) && s.start < earliest) earliest = s.start;
  for (const s of spans) {
    if (Number.isFinite(s.start)) continue;
    s.start = Number.isFinite(earliest) ? earliest : 0;
    warnings.add(`span ${s.spanId} (${s.service} "${s.operation}") has no timestamp; drawn at the start of the trace`);
  }
}
