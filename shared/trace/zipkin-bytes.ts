import type { Span, Trace } from '../model/traces';
import { finishTrace } from './finish';
import { IdIndex } from './id-index';
import { ResourceTable } from './resources';
import { Warnings } from './warnings';
import type { ZipkinSpan } from './zipkin-schema';
import { halfUnder, isCallPair, isSharedAlone } from './zipkin-groups';
import { SHARED_ABSENT, SHARED_TRUE, type ScannedZipkin, scanZipkinTrace, type ZipkinEndpoint } from './zipkin-scan';
import { EndpointResources, spanOfRecord } from './zipkin-span';

/**
 * A Zipkin v2 trace straight from the answer's bytes, for the common case: every span id
 * reported once, or twice as the CLIENT and SERVER halves of one call; ids in lower case, all
 * under one trace id. The trace is the one normalizeZipkin(JSON.parse(text)) makes — the same
 * rows in the same order, parents, resources, notes and warnings (zipkin-bytes.test.ts holds
 * it to that) — without the 100,000 record objects, their strings and the grouping objects
 * that path builds and drops: what makes a 100,000-span trace open in well under a second.
 *
 * Anything else — parts of one span to merge, receipts from several hosts, a foreign trace
 * id, a record the schema would repair or refuse, an answer that is not a JSON array —
 * returns undefined, and the caller reads the answer the general way, which handles and
 * words all of it.
 */
export function normalizeZipkinBytes(body: Uint8Array): Trace | undefined {
  const scanned = scanZipkinTrace(body);
  return scanned && normalizeScanned(scanned);
}

/** No group: the record is a row of its own (a main, or a server whose caller was not traced). */
const ALONE = -1;

function normalizeScanned(s: ScannedZipkin): Trace | undefined {
  const n = s.count;
  const traceId = s.traceId[0]!;
  // Slots: one per distinct id, in the order ids first came (the general path's group order).
  const slots = new IdIndex(n);
  const firstOf = new Int32Array(n);
  const pairOf = new Int32Array(n).fill(ALONE);
  let slotCount = 0;
  for (let r = 0; r < n; r += 1) {
    // One trace id for all (the scanner made one string of equal bytes, so this compares identities).
    const t = s.traceId[r]!;
    if (t !== traceId) return undefined;
    const id = s.id[r]!;
    if (!plainId(id)) return undefined;
    const slot = slots.get(id);
    if (slot < 0) {
      slots.set(id, slotCount);
      firstOf[slotCount] = r;
      slotCount += 1;
    } else {
      // A third record under one id, or two that are not a client and its server: the general path sorts them out.
      const first = firstOf[slot]!;
      if (pairOf[first] !== ALONE || !isCallPair(s.kind[first], s.kind[r])) return undefined;
      pairOf[first] = r;
      pairOf[r] = first;
    }
  }

  const resources = new ResourceTable();
  const endpoints = new EndpointResources(resources);
  const spans: Span[] = [];
  // Per row: the record it was made from; its parent's record (or -1), and for a parent not
  // in the trace, that id. A pair's rows are told apart by rowOfRecord.
  const recordOfRow = new Int32Array(n);
  const rowOfRecord = new Int32Array(n);
  const parentRecord = new Int32Array(n).fill(-1);
  const missingParent: (string | undefined)[] = new Array<string | undefined>(n);
  const view: ZipkinSpan = { traceId, id: '' };
  const endpointOf = (record: number) => s.localEndpoint[record];

  const addRow = (r: number, spanId: string, unanswered: boolean): number => {
    const row = spans.length;
    fillView(view, s, r);
    spans.push(spanOfRecord(view, spanId, endpoints, unanswered));
    recordOfRow[row] = r;
    rowOfRecord[r] = row;
    return row;
  };

  for (let k = 0; k < slotCount; k += 1) {
    const first = firstOf[k]!;
    const other = pairOf[first]!;
    const id = s.id[first]!;
    if (other === ALONE) {
      // A lone shared record is a server half whose caller was not traced; it is still
      // `unanswered: false`, and takes its parent by id like any main.
      const row = addRow(first, id, !isSharedAlone(s.shared[first] === SHARED_TRUE, s.kind[first]));
      resolveParent(s, slots, firstOf, pairOf, row, first, parentRecord, missingParent, endpointOf);
      continue;
    }
    const client = s.kind[first] === 'CLIENT' ? first : other;
    const server = client === first ? other : first;
    const clientRow = addRow(client, id, false);
    resolveParent(s, slots, firstOf, pairOf, clientRow, client, parentRecord, missingParent, endpointOf);
    const serverRow = addRow(server, `${id}:server`, false);
    spans[serverRow]!.reportedId = id;
    parentRecord[serverRow] = client;
  }

  const parentIndex = new Int32Array(spans.length).fill(-1);
  for (let row = 0; row < spans.length; row += 1) {
    const parent = parentRecord[row]!;
    if (parent >= 0) {
      // A record whose parent is its own row (a parentId naming its own id) has none.
      if (parent === recordOfRow[row]) continue;
      const parentRow = rowOfRecord[parent]!;
      parentIndex[row] = parentRow;
      spans[row]!.parentId = spans[parentRow]!.spanId;
    } else {
      const raw = missingParent[row];
      if (raw !== undefined) spans[row]!.parentId = raw;
    }
  }
  // No id has a colon (plainId), so rows named `id` and `id:server` never collide.
  return finishTrace(traceId.toLowerCase(), spans, resources.list, new Warnings(), parentIndex, undefined, true);
}

/**
 * Which record a record's `parentId` means: a single record's row, or of a client and its
 * server the half zipkin-groups.ts's halfUnder picks, as the general path decides it. An id
 * not in the trace is kept as written, lower-cased.
 */
function resolveParent(
  s: ScannedZipkin,
  slots: IdIndex,
  firstOf: Int32Array,
  pairOf: Int32Array,
  row: number,
  r: number,
  parentRecord: Int32Array,
  missingParent: (string | undefined)[],
  endpointOf: (record: number) => ZipkinEndpoint | undefined,
): void {
  const raw = s.parentId[r];
  if (!raw) return;
  let slot = slots.get(raw);
  if (slot < 0) {
    const lower = raw.toLowerCase();
    if (lower !== raw) slot = slots.get(lower);
    if (slot < 0) {
      missingParent[row] = lower;
      return;
    }
  }
  const first = firstOf[slot]!;
  const other = pairOf[first]!;
  if (other === ALONE) {
    parentRecord[row] = first;
    return;
  }
  const client = s.kind[first] === 'CLIENT' ? first : other;
  const server = client === first ? other : first;
  PAIR_SERVER[0] = server;
  PAIR_CLIENT[0] = client;
  parentRecord[row] = halfUnder(s.localEndpoint[r], PAIR_SERVER, PAIR_CLIENT, endpointOf);
}

// A pair's halves as the one-element lists halfUnder takes, reused: 100,000 lookups make no arrays.
const PAIR_SERVER = [0];
const PAIR_CLIENT = [0];

/** The record's fields on the one reused object spanOfRecord reads them from (it keeps none of the object itself). */
function fillView(view: ZipkinSpan, s: ScannedZipkin, r: number): void {
  view.id = s.id[r]!;
  view.parentId = s.parentId[r];
  view.kind = s.kind[r];
  view.name = s.name[r];
  const timestamp = s.timestamp[r]!;
  view.timestamp = Number.isNaN(timestamp) ? undefined : timestamp;
  const duration = s.duration[r]!;
  view.duration = Number.isNaN(duration) ? undefined : duration;
  view.localEndpoint = s.localEndpoint[r];
  view.remoteEndpoint = s.remoteEndpoint[r];
  view.annotations = s.annotations[r];
  view.tags = s.tags[r];
  view.shared = s.shared[r] === SHARED_TRUE ? true : s.shared[r] === SHARED_ABSENT ? undefined : false;
}

/** An id the general path keeps as it is: no upper case to fold, no colon (its renamed rows use one). */
function plainId(id: string): boolean {
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 58) return false;
  }
  return true;
}
