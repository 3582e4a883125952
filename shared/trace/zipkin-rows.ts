import { IdIndex } from './id-index';
import { halfUnder, isCallPair, isSharedAlone } from './zipkin-groups';
import { SHARED_TRUE, type ScannedZipkin, type ZipkinEndpoint } from './zipkin-scan';

/**
 * Which rows the scanned records of a Zipkin trace make, and each row's parent: the grouping
 * that normalizeZipkinBytes (zipkin-bytes.ts, building Span objects) and zipkinColumnsFromScan
 * (zipkin-columns.ts, building the columns directly) both start from, so they agree by
 * construction. Every span id reported once, or twice as the CLIENT and SERVER halves of one
 * call; ids in lower case without a colon, all under one trace id — anything else is
 * undefined, for the general path (zipkin.ts) to sort out.
 */
export interface ZipkinRows {
  /** The trace id as the records wrote it. */
  traceId: string;
  /** Rows, one per record (a pair's two records make two rows). */
  count: number;
  recordOfRow: Int32Array;
  /** Each row's span id: the record's id, or `${id}:server` for a call's server half. */
  spanId: string[];
  /** 1 where the row is a server half: it reports its record's id, which its client row holds. */
  serverHalf: Uint8Array;
  /** 1 where no server half was reported for the row, so its callee is named from the remote endpoint. */
  unanswered: Uint8Array;
  /** The parent row, or -1. */
  parentRow: Int32Array;
  /** For a row whose parent is not in the trace, that id as written, lower-cased. */
  missingParent: (string | undefined)[];
}

/** The parent id a row's span holds: its parent row's span id, else the missing parent's id as written, else none. */
export function rowParentId(rows: ZipkinRows, row: number): string | undefined {
  const p = rows.parentRow[row]!;
  return p >= 0 ? rows.spanId[p] : rows.missingParent[row];
}

/** No group: the record is a row of its own (a main, or a server whose caller was not traced). */
const ALONE = -1;

export function zipkinRows(s: ScannedZipkin): ZipkinRows | undefined {
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

  // Per row: the record it was made from; its parent's record (or -1), and for a parent not
  // in the trace, that id. A pair's rows are told apart by rowOfRecord.
  const recordOfRow = new Int32Array(n);
  const rowOfRecord = new Int32Array(n);
  const parentRecord = new Int32Array(n).fill(-1);
  const missingParent: (string | undefined)[] = new Array<string | undefined>(n);
  const spanId = new Array<string>(n);
  const serverHalf = new Uint8Array(n);
  const unanswered = new Uint8Array(n);
  const endpointOf = (record: number) => s.localEndpoint[record];
  const parentOf = (row: number, r: number) => resolveParent(s, slots, firstOf, pairOf, row, r, parentRecord, missingParent, endpointOf);
  let rows = 0;
  const addRow = (r: number, id: string): number => {
    const row = rows;
    rows += 1;
    recordOfRow[row] = r;
    rowOfRecord[r] = row;
    spanId[row] = id;
    return row;
  };

  for (let k = 0; k < slotCount; k += 1) {
    const first = firstOf[k]!;
    const other = pairOf[first]!;
    const id = s.id[first]!;
    if (other === ALONE) {
      // A lone shared record is a server half whose caller was not traced; it is still
      // `unanswered: false`, and takes its parent by id like any main.
      const row = addRow(first, id);
      unanswered[row] = isSharedAlone(s.shared[first] === SHARED_TRUE, s.kind[first]) ? 0 : 1;
      parentOf(row, first);
      continue;
    }
    const client = s.kind[first] === 'CLIENT' ? first : other;
    const server = client === first ? other : first;
    parentOf(addRow(client, id), client);
    // No id has a colon (plainId), so rows named `id` and `id:server` never collide.
    const serverRow = addRow(server, `${id}:server`);
    serverHalf[serverRow] = 1;
    parentRecord[serverRow] = client;
  }

  const parentRow = new Int32Array(n).fill(-1);
  for (let row = 0; row < n; row += 1) {
    const parent = parentRecord[row]!;
    // A record whose parent is its own row (a parentId naming its own id) has none.
    if (parent >= 0 && parent !== recordOfRow[row]) parentRow[row] = rowOfRecord[parent]!;
  }
  return { traceId, count: n, recordOfRow, spanId, serverHalf, unanswered, parentRow, missingParent };
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

/** An id the general path keeps as it is: no upper case to fold, no colon (its renamed rows use one). */
function plainId(id: string): boolean {
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 58) return false;
  }
  return true;
}
