import type { Span, SpanEvent, SpanKind, Trace } from '../model/traces';
import { finishTrace, tagText } from './finish';
import { addNote } from './notes';
import { ResourceTable } from './resources';
import { deriveStatus } from './status';
import { describeValue, TraceFormatError, Warnings } from './warnings';
import { parseZipkinRecord, type ZipkinSpan } from './zipkin-schema';
import { groupZipkinRecords, hostOf, sameHost, serviceOf, type ZipkinEntry, type ZipkinGroups } from './zipkin-groups';

/**
 * Zipkin v2 `/api/v2/trace/{id}` (a bare array, microseconds) into the trace model. Records
 * sharing an id are sorted out as zipkin-lens does (zipkin-groups.ts): parts of one span on one
 * endpoint are merged (with a note), the server halves of a call (`shared`) become rows of
 * their own under the client half, and receipts from different hosts stay separate rows.
 * Every half carries the merged CS/SR/SS/CR.
 */
export function normalizeZipkin(input: unknown): Trace {
  if (!Array.isArray(input)) {
    throw new TraceFormatError(`expected a Zipkin v2 trace (a JSON array of spans) but got ${describeValue(input)}`);
  }
  const warnings = new Warnings();
  const records: ZipkinSpan[] = [];
  let rejected = 0;
  let firstProblem = '';
  // Whether every record carries the first one's trace id, compared while the record is at
  // hand: then pickTraceId's two more passes over 100,000 records have nothing to find.
  let firstTraceId: string | undefined;
  let oneTraceId = true;
  for (let k = 0; k < input.length; k += 1) {
    const parsed = parseZipkinRecord(input[k], k);
    if (parsed.ok) {
      records.push(parsed.span);
      const id = parsed.span.traceId;
      if (firstTraceId === undefined) firstTraceId = id;
      else if (oneTraceId && id !== firstTraceId) oneTraceId = false;
    } else {
      rejected += 1;
      if (!firstProblem) firstProblem = parsed.problem;
    }
  }
  if (rejected > 0) {
    warnings.add(`${rejected} of ${input.length} records are not Zipkin spans and were left out; the first: ${firstProblem}`);
  }
  if (records.length === 0) throw new TraceFormatError(rejected > 0 ? `none of the ${rejected} records is a Zipkin span; the first: ${firstProblem}` : 'the trace has no spans');

  const traceId = oneTraceId ? firstTraceId!.toLowerCase() : pickTraceId(records, warnings);
  const groups = groupZipkinRecords(records);
  const resources = new ResourceTable();
  const resourceIndex = new EndpointResources(resources);
  const spans: Span[] = [];
  // Each span's parent: its entry, or the raw id of a parent not in the trace, until every entry has its index.
  const parents: (ZipkinEntry | string | undefined)[] = [];
  const owners: ZipkinEntry[] = [];
  for (const group of groups.list) {
    const { mains, servers } = group;
    let anchor: ZipkinEntry | undefined;
    for (const entry of mains) {
      if (!anchor || (entry.record.kind === 'CLIENT' && anchor.record.kind !== 'CLIENT')) anchor = entry;
      spans.push(toRow(entry, servers.length === 0));
      parents.push(parentOf(entry.record, groups));
    }
    for (const entry of servers) {
      spans.push(toRow(entry, false));
      parents.push(anchor ?? parentOf(entry.record, groups));
    }
  }

  function toRow(entry: ZipkinEntry, unanswered: boolean): Span {
    entry.index = spans.length;
    owners.push(entry);
    const r = entry.record;
    const local = r.localEndpoint;
    const service = local?.serviceName || 'unknown';
    const resource = resourceIndex.of(service, local, versionOf(r));
    const span = toSpan(r, entry.spanId, service, resource, unanswered);
    if (entry.reportedId !== undefined) span.reportedId = entry.reportedId;
    if (entry.notes) for (const note of entry.notes) addNote(span, note);
    return span;
  }

  const parentIndex = new Int32Array(spans.length).fill(-1);
  for (let i = 0; i < spans.length; i += 1) {
    const parent = parents[i];
    if (parent === undefined) continue;
    if (typeof parent === 'string') {
      spans[i]!.parentId = parent;
    } else if (parent !== owners[i]) {
      parentIndex[i] = parent.index;
      spans[i]!.parentId = parent.spanId;
    }
  }
  return finishTrace(traceId, spans, resources.list, warnings, parentIndex, undefined, groups.distinctIds);
}

/**
 * The resource of each local endpoint, looked up by its parts (service, address, port) without
 * building a key string for each of 100,000 records.
 */
class EndpointResources {
  private readonly byService = new Map<string, Map<string, Map<number | undefined, number>>>();
  private readonly versioned = new Map<string, number>();

  constructor(private readonly table: ResourceTable) {}

  of(service: string, local: ZipkinSpan['localEndpoint'], version: string | undefined): number {
    if (version !== undefined) {
      const host = hostOf(local);
      const key = `${service}|${host ?? ''}|${version}`;
      let index = this.versioned.get(key);
      if (index === undefined) {
        index = this.table.add({ service, version, attributes: {}, ...(host ? { host } : {}) });
        this.versioned.set(key, index);
      }
      return index;
    }
    let byAddress = this.byService.get(service);
    if (!byAddress) this.byService.set(service, (byAddress = new Map()));
    const address = local?.ipv4 || local?.ipv6 || '';
    let byPort = byAddress.get(address);
    if (!byPort) byAddress.set(address, (byPort = new Map()));
    const port = address ? (local?.port ?? undefined) : undefined;
    let index = byPort.get(port);
    if (index === undefined) {
      const host = hostOf(local);
      index = this.table.add({ service, attributes: {}, ...(host ? { host } : {}) });
      byPort.set(port, index);
    }
    return index;
  }
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

/**
 * Which row a record's `parentId` means. A call's id is shared by its client and server
 * halves (and, for a message, by every host that received it): a record belongs under the
 * half on its own host (the same clock), else the half of its own service, else under the
 * first server half — the work a callee did. An id not in the trace is returned as it is.
 */
function parentOf(record: ZipkinSpan, groups: ZipkinGroups): ZipkinEntry | string | undefined {
  const raw = record.parentId;
  if (!raw) return undefined;
  const group = groups.find(raw) ?? (raw.toLowerCase() !== raw ? groups.find(raw.toLowerCase()) : undefined);
  if (!group) return raw.toLowerCase();
  const { mains, servers } = group;
  if (servers.length === 0) return mains[0];
  if (mains.length === 0 && servers.length === 1) return servers[0];
  const local = record.localEndpoint;
  if (local && (local.ipv4 || local.ipv6)) {
    for (const e of servers) if (sameHost(e.record.localEndpoint, local)) return e;
    for (const e of mains) if (sameHost(e.record.localEndpoint, local)) return e;
  }
  const service = serviceOf(record);
  for (const e of servers) if (serviceOf(e.record) === service) return e;
  for (const e of mains) if (serviceOf(e.record) === service) return e;
  return servers[0] ?? mains[0];
}

const KINDS: Record<string, SpanKind> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };
const NO_TAGS: Record<string, unknown> = {};
// Shared by every span without annotations (most of them): nothing ever adds to it, and
// 100,000 empty arrays are GC work.
const NO_EVENTS: SpanEvent[] = [];

/** `unanswered`: no server half was reported, so name the callee from the remote endpoint. */
function toSpan(r: ZipkinSpan, spanId: string, service: string, resource: number, unanswered: boolean): Span {
  const peer = unanswered ? (r.remoteEndpoint?.serviceName ?? undefined) : undefined;
  const attributes = stringTags(r.tags ?? NO_TAGS, peer);
  const annotations = r.annotations;
  let events = NO_EVENTS;
  let errorAnnotation = false;
  if (annotations && annotations.length > 0) {
    events = annotations.map((a) => ({ time: a.timestamp, name: a.value, attributes: {} }));
    if (events.length > 1) events.sort((x, y) => x.time - y.time);
    errorAnnotation = annotations.some((a) => a.value === 'error');
  }
  const kind = (r.kind && KINDS[r.kind.toUpperCase()]) || 'internal';
  // Only the span's own timestamp or, failing that, its own first annotation says when it began.
  const start = r.timestamp ?? events[0]?.time ?? Number.NaN;
  // Zipkin writes no duration for a span that has not ended (or whose end was never reported);
  // an annotation is not an end, so none is made up from one.
  const finished = typeof r.duration === 'number' && r.duration > 0;
  const errorText = attributes.error;
  const span: Span = {
    spanId,
    service,
    operation: r.name || 'unknown',
    kind,
    resource,
    start,
    duration: finished ? r.duration! : 0,
    attributes,
    events,
    status: deriveStatus({ errorTag: errorText !== undefined || errorAnnotation, errorText }, attributes, kind),
  };
  if (!finished && Number.isFinite(start)) {
    span.unfinished = true;
    span.notes = ['unfinished: no duration was reported, so its end is unknown; it does not count in the trace\'s duration'];
  }
  return span;
}

function versionOf(r: ZipkinSpan): string | undefined {
  const version = r.tags?.['service.version'];
  return typeof version === 'string' && version !== '' ? version : undefined;
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
