import type { RpcTimes, Span } from '../model/traces';
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
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!;
    if (span.kind !== 'server' && span.kind !== 'consumer') continue;
    const p = parentIndex[i]!;
    const parent = p >= 0 ? spans[p] : undefined;
    if (span.kind === 'server' && parent?.kind === 'client') {
      const rpc: RpcTimes = { cs: parent.start, sr: span.start };
      if (!span.unfinished) rpc.ss = span.start + span.duration;
      if (!parent.unfinished) rpc.cr = parent.start + parent.duration;
      // A call received by several servers (a message on five hosts): each has its own
      // moments; the client shows those of the first.
      parent.rpc ??= rpc;
      span.rpc = rpc;
      noteImpossible(rpc, parent, span);
    } else if (span.kind === 'consumer' && parent?.kind === 'producer') {
      span.rpc = { cs: parent.start, sr: span.start };
      if (!span.unfinished) span.rpc.ss = span.start + span.duration;
    }
  }
  for (const span of spans) {
    if (span.rpc) continue;
    const end = span.unfinished ? undefined : span.start + span.duration;
    if (span.kind === 'client') span.rpc = end === undefined ? { cs: span.start } : { cs: span.start, cr: end };
    else if (span.kind === 'server' || span.kind === 'consumer') span.rpc = end === undefined ? { sr: span.start } : { sr: span.start, ss: end };
    else if (span.kind === 'producer') span.rpc = { cs: span.start };
  }
}

function noteImpossible(rpc: RpcTimes, client: Span, server: Span): void {
  const { cs, sr, ss, cr } = rpc;
  const lines: string[] = [];
  if (cs !== undefined && sr !== undefined && sr < cs) lines.push(`the server received the call ${formatMicros(cs - sr)} before it was sent`);
  if (ss !== undefined && cr !== undefined && cr < ss) lines.push(`the server answered ${formatMicros(ss - cr)} after the client had its answer`);
  if (lines.length === 0) return;
  const note = `clocks disagree beyond correction: ${lines.join(', and ')}; those network times are shown as 0`;
  addNote(client, note);
  addNote(server, note);
}
