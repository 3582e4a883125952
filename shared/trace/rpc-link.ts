import type { RpcTimes, Span } from '../model/traces';

/**
 * Puts the merged CS/SR/SS/CR on both halves of each RPC so the waterfall can split network
 * from server time. A consumer under its producer gets CS = the send, so SR − CS is the time
 * the message waited in the queue. Spans with no partner keep the moments they know.
 */
export function linkRpcTimes(spans: Span[], parentIndex: Int32Array): void {
  for (let i = 0; i < spans.length; i += 1) {
    const span = spans[i]!;
    if (span.kind !== 'server' && span.kind !== 'consumer') continue;
    const p = parentIndex[i]!;
    const parent = p >= 0 ? spans[p] : undefined;
    const end = span.start + span.duration;
    if (span.kind === 'server' && parent?.kind === 'client' && !parent.rpc) {
      const rpc: RpcTimes = { cs: parent.start, sr: span.start, ss: end, cr: parent.start + parent.duration };
      parent.rpc = rpc;
      span.rpc = rpc;
    } else if (span.kind === 'consumer' && parent?.kind === 'producer') {
      span.rpc = { cs: parent.start, sr: span.start, ss: end };
    }
  }
  for (const span of spans) {
    if (span.rpc) continue;
    const end = span.start + span.duration;
    if (span.kind === 'client') span.rpc = { cs: span.start, cr: end };
    else if (span.kind === 'server' || span.kind === 'consumer') span.rpc = { sr: span.start, ss: end };
    else if (span.kind === 'producer') span.rpc = { cs: span.start };
  }
}
