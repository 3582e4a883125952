import type { Span } from '../../../shared/model/traces';
import type { RpcBreakdown } from '../../../shared/trace/layout-types';
import { formatMicros } from '../panels/format';

export interface Segment {
  kind: 'network-out' | 'server' | 'network-back';
  /** Microseconds from the trace start. */
  from: number;
  to: number;
}

/**
 * Where the parts of an RPC sit on the trace's time axis: the request on the wire
 * (CS→SR), inside the server (SR→SS), the answer on the wire (SS→CR). Only parts
 * whose two moments are both known are drawn.
 */
export function rpcSegments(span: Span, traceStart: number): Segment[] {
  const rpc = span.rpc;
  if (!rpc) return [];
  const out: Segment[] = [];
  const add = (kind: Segment['kind'], a: number | undefined, b: number | undefined) => {
    if (a !== undefined && b !== undefined && b >= a) out.push({ kind, from: a - traceStart, to: b - traceStart });
  };
  add('network-out', rpc.cs, rpc.sr);
  add('server', rpc.sr, rpc.ss);
  add('network-back', rpc.ss, rpc.cr);
  return out;
}

/** The derived numbers in words, for the tooltip and the detail pane. */
export function rpcSummary(rpc: RpcBreakdown | undefined): string[] {
  if (!rpc) return [];
  const lines: string[] = [];
  // A part whose moments came in the wrong order is shown as 0 (rpcBreakdown), and says why.
  const value = (part: 'networkOut' | 'server' | 'networkBack' | 'clientTotal', us: number) =>
    `${formatMicros(us)}${rpc.clamped?.includes(part) ? ' (clocks disagree)' : ''}`;
  if (rpc.networkOut !== undefined) lines.push(`network out (SR−CS) ${value('networkOut', rpc.networkOut)}`);
  if (rpc.server !== undefined) lines.push(`server (SS−SR) ${value('server', rpc.server)}`);
  if (rpc.networkBack !== undefined) lines.push(`network back (CR−SS) ${value('networkBack', rpc.networkBack)}`);
  if (rpc.clientTotal !== undefined) lines.push(`client saw (CR−CS) ${value('clientTotal', rpc.clientTotal)}`);
  return lines;
}
