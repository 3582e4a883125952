import type { RpcTimes, Span } from '../model/traces';
import { KIND_INDEX } from './columns-codec';
import { addNote } from './notes';
import { formatMicros } from './warnings';

/**
 * Puts the merged CS/SR/SS/CR on both halves of each RPC so the waterfall can split network
 * from server time. A consumer under its producer gets CS = the send, so SR − CS is the time
 * the message waited in the queue. An unfinished half contributes no end: a client with no
 * end has no CR, so no "network back" is ever made up. Spans with no partner keep the
 * moments they know. Where the clocks still disagree after skew correction (a server longer
 * than the call that waited for it), the segment that would be negative is noted here and
 * shown as 0 by rpcBreakdown.
 */
export function linkRpcTimes(spans: Span[], parentIndex: Int32Array): void {
  const n = spans.length;
  const times: RpcColumns = { kind: new Int32Array(n), start: new Float64Array(n), duration: new Float64Array(n), unfinished: new Uint8Array(n), parent: parentIndex };
  for (let i = 0; i < n; i += 1) {
    const span = spans[i]!;
    times.kind[i] = KIND_INDEX[span.kind];
    times.start[i] = span.start;
    times.duration[i] = span.duration;
    times.unfinished[i] = span.unfinished ? 1 : 0;
  }
  const partner = rpcPartners(times);
  const t = new Float64Array(4);
  for (let i = 0; i < n; i += 1) {
    if (!rpcTimesOf(times, partner, i, t, 0)) continue;
    const rpc: RpcTimes = {};
    if (!Number.isNaN(t[0]!)) rpc.cs = t[0]!;
    if (!Number.isNaN(t[1]!)) rpc.sr = t[1]!;
    if (!Number.isNaN(t[2]!)) rpc.ss = t[2]!;
    if (!Number.isNaN(t[3]!)) rpc.cr = t[3]!;
    spans[i]!.rpc = rpc;
    if (isCallServer(times, partner, i)) {
      const note = impossibleNote(t, 0);
      if (note !== undefined) {
        addNote(spans[partner[i]!]!, note);
        addNote(spans[i]!, note);
      }
    }
  }
}

/** What the RPC moments are derived from, one value per span; `kind` as indexes into SPAN_KINDS. */
export interface RpcColumns {
  kind: Int32Array;
  start: Float64Array;
  duration: Float64Array;
  /** 1 where the span has not ended (it contributes no end). */
  unfinished: Uint8Array;
  parent: Int32Array;
}

const CLIENT = KIND_INDEX.client;
const SERVER = KIND_INDEX.server;
const PRODUCER = KIND_INDEX.producer;
const CONSUMER = KIND_INDEX.consumer;

/**
 * Each span's other half, or -1: a server's client parent, a consumer's producer parent, and a
 * client's first server child (a call received by several servers, a message on five hosts:
 * each server has its own moments; the client shows those of the first). A producer keeps its
 * own send only.
 */
export function rpcPartners(c: RpcColumns): Int32Array {
  const n = c.kind.length;
  const partner = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i += 1) {
    const p = c.parent[i]!;
    if (p < 0) continue;
    const kind = c.kind[i]!;
    if (kind === SERVER && c.kind[p] === CLIENT) {
      partner[i] = p;
      if (partner[p]! < 0) partner[p] = i;
    } else if (kind === CONSUMER && c.kind[p] === PRODUCER) {
      partner[i] = p;
    }
  }
  return partner;
}

/** A server half under its client: the pair whose times can contradict each other. */
export function isCallServer(c: RpcColumns, partner: Int32Array, i: number): boolean {
  return c.kind[i] === SERVER && partner[i]! >= 0;
}

/**
 * Span i's CS, SR, SS, CR into `out` from `at` (NaN for a moment it does not have); false when
 * the span is no RPC at all (internal).
 */
export function rpcTimesOf(c: RpcColumns, partner: Int32Array, i: number, out: Float64Array, at: number): boolean {
  const kind = c.kind[i]!;
  const p = partner[i]!;
  let cs = Number.NaN;
  let sr = Number.NaN;
  let ss = Number.NaN;
  let cr = Number.NaN;
  if (p >= 0 && (kind === SERVER || kind === CLIENT)) {
    const client = kind === CLIENT ? i : p;
    const server = kind === CLIENT ? p : i;
    cs = c.start[client]!;
    sr = c.start[server]!;
    ss = endOf(c, server);
    cr = endOf(c, client);
  } else if (p >= 0 && kind === CONSUMER) {
    cs = c.start[p]!;
    sr = c.start[i]!;
    ss = endOf(c, i);
  } else if (kind === CLIENT) {
    cs = c.start[i]!;
    cr = endOf(c, i);
  } else if (kind === SERVER || kind === CONSUMER) {
    sr = c.start[i]!;
    ss = endOf(c, i);
  } else if (kind === PRODUCER) {
    cs = c.start[i]!;
  } else {
    return false;
  }
  out[at] = cs;
  out[at + 1] = sr;
  out[at + 2] = ss;
  out[at + 3] = cr;
  return true;
}

/**
 * When span k ended; NaN while unfinished. A module function, not a closure in rpcTimesOf:
 * that runs once per span, and a closure made each time is an allocation (and, compiled by
 * tsx, a __name call) per span of a 100,000-span trace.
 */
function endOf(c: RpcColumns, k: number): number {
  return c.unfinished[k] === 1 ? Number.NaN : c.start[k]! + c.duration[k]!;
}

/** The note both halves of a call get when its moments cannot all be true, else undefined. */
export function impossibleNote(t: Float64Array, at: number): string | undefined {
  const cs = t[at]!;
  const sr = t[at + 1]!;
  const ss = t[at + 2]!;
  const cr = t[at + 3]!;
  const lines: string[] = [];
  // NaN (a moment not known) compares false, so it never makes a line.
  if (sr < cs) lines.push(`the server received the call ${formatMicros(cs - sr)} before it was sent`);
  if (cr < ss) lines.push(`the server answered ${formatMicros(ss - cr)} after the client had its answer`);
  if (lines.length === 0) return undefined;
  return `clocks disagree beyond correction: ${lines.join(', and ')}; those network times are shown as 0`;
}
