import type { Span, Trace } from '../model/traces';
import { finishTrace } from './finish';
import { addNote } from './notes';
import { ResourceTable } from './resources';
import { describeValue, TraceFormatError, Warnings } from './warnings';
import { parseZipkinRecord, type ZipkinSpan } from './zipkin-schema';
import { groupZipkinRecords, halfUnder, type ZipkinEntry, type ZipkinGroups } from './zipkin-groups';
import { EndpointResources, spanOfRecord } from './zipkin-span';

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
    const span = spanOfRecord(entry.record, entry.spanId, resourceIndex, unanswered);
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
 * halves (and, for a message, by every host that received it): halfUnder picks the one.
 * An id not in the trace is returned as it is.
 */
function parentOf(record: ZipkinSpan, groups: ZipkinGroups): ZipkinEntry | string | undefined {
  const raw = record.parentId;
  if (!raw) return undefined;
  const group = groups.find(raw) ?? (raw.toLowerCase() !== raw ? groups.find(raw.toLowerCase()) : undefined);
  if (!group) return raw.toLowerCase();
  return halfUnder(record.localEndpoint, group.servers, group.mains, endpointOfEntry);
}

const endpointOfEntry = (entry: ZipkinEntry) => entry.record.localEndpoint;

