import type { Span } from '../../../../shared/model/traces';
import type { RpcBreakdown } from '../../../../shared/trace/layout-types';
import { formatMicros } from '../../panels/format';

/** "network out 2.5 ms · server 812 ms · network back 1.1 ms": the split on one line, read without hovering. */
export function rpcSplitLine(rpc: RpcBreakdown | undefined): string | undefined {
  if (!rpc) return undefined;
  const parts: string[] = [];
  const clamped = (name: NonNullable<RpcBreakdown['clamped']>[number]) => (rpc.clamped?.includes(name) ? ' (clocks disagree)' : '');
  if (rpc.networkOut !== undefined) parts.push(`network out ${formatMicros(rpc.networkOut)}${clamped('networkOut')}`);
  if (rpc.server !== undefined) parts.push(`server ${formatMicros(rpc.server)}${clamped('server')}`);
  if (rpc.networkBack !== undefined) parts.push(`network back ${formatMicros(rpc.networkBack)}${clamped('networkBack')}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Attributes sorted by key and narrowed by a case-insensitive search over keys and values. */
export function sortedAttributes(values: Readonly<Record<string, string>>, search: string): [string, string][] {
  const q = search.trim().toLowerCase();
  return Object.entries(values)
    .filter(([k, v]) => !q || k.toLowerCase().includes(q) || v.toLowerCase().includes(q))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The span a link or parent id names in this trace: by row id first, then by the id the backend reported. */
export function findSpanIndex(spans: readonly Span[], spanId: string): number {
  const direct = spans.findIndex((s) => s.spanId === spanId);
  if (direct >= 0) return direct;
  return spans.findIndex((s) => s.reportedId === spanId);
}
