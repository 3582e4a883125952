import type { Span, Trace } from '../model/traces';

/** One service-to-service call edge of a trace: every parent→child span pair that crosses from `from` to `to`. */
export interface TraceGraphEdge {
  from: string;
  to: string;
  calls: number;
  /** Sum of the calls' time as the caller saw it (CS→CR where both are known, else the callee span), µs. */
  totalUs: number;
  meanUs: number;
  /** Calls where either half reported an error. */
  errors: number;
  /** The callee sent no spans; the edge comes from the caller's `peer.service` (a database, a queue, an outside API). */
  uninstrumented?: boolean;
}

export interface TraceGraphNode {
  service: string;
  /** Call depth: 0 for the services that started the trace, then one more per hop (the shortest). */
  depth: number;
  spans: number;
  errors: number;
}

export interface TraceGraph {
  nodes: TraceGraphNode[];
  edges: TraceGraphEdge[];
}

const PEER_KEYS = ['peer.service', 'server.address', 'net.peer.name', 'db.system'] as const;

/**
 * The calls between services in one trace, the way Jaeger's trace graph draws them: a
 * parent span in one service with a child span in another is one call. Where the call was
 * paired (client CS/CR and server SR/SS, shared/trace/rpc-link.ts) the time is the one the
 * caller waited, network included; otherwise it is the callee span's own duration. A client
 * span with no instrumented callee but a `peer.service`-like attribute adds an edge to that
 * peer, so a slow database still shows up.
 */
export function traceGraph(trace: Trace): TraceGraph {
  const byId = new Map<string, Span>();
  for (const span of trace.spans) byId.set(span.spanId, span);
  const hasRemoteChild = new Set<string>();
  const edges = new Map<string, TraceGraphEdge>();
  const nodes = new Map<string, TraceGraphNode>();
  const node = (service: string): TraceGraphNode => {
    let found = nodes.get(service);
    if (!found) {
      found = { service, depth: Number.POSITIVE_INFINITY, spans: 0, errors: 0 };
      nodes.set(service, found);
    }
    return found;
  };
  const addCall = (from: string, to: string, time: number, error: boolean, uninstrumented: boolean) => {
    const key = `${from}\u0000${to}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { from, to, calls: 0, totalUs: 0, meanUs: 0, errors: 0, ...(uninstrumented ? { uninstrumented: true } : {}) };
      edges.set(key, edge);
    }
    edge.calls += 1;
    edge.totalUs += Math.max(0, time);
    if (error) edge.errors += 1;
  };

  for (const span of trace.spans) {
    const own = node(span.service);
    own.spans += 1;
    if (span.status.code === 'error') own.errors += 1;
    const parent = span.parentId === undefined ? undefined : byId.get(span.parentId);
    if (!parent || parent.service === span.service) continue;
    hasRemoteChild.add(parent.spanId);
    addCall(parent.service, span.service, callTime(span), span.status.code === 'error' || parent.status.code === 'error', false);
  }
  for (const span of trace.spans) {
    if (span.kind !== 'client' || hasRemoteChild.has(span.spanId)) continue;
    const peer = PEER_KEYS.map((key) => span.attributes[key]).find((value) => value !== undefined && value.trim() !== '');
    if (!peer || peer === span.service) continue;
    node(peer);
    addCall(span.service, peer, span.unfinished ? 0 : span.duration, span.status.code === 'error', true);
  }
  for (const edge of edges.values()) edge.meanUs = edge.calls > 0 ? edge.totalUs / edge.calls : 0;

  assignDepths(trace, byId, nodes, [...edges.values()]);
  const nodeList = [...nodes.values()].sort((a, b) => a.depth - b.depth || a.service.localeCompare(b.service));
  const edgeList = [...edges.values()].sort((a, b) => b.totalUs - a.totalUs || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { nodes: nodeList, edges: edgeList };
}

function callTime(callee: Span): number {
  const rpc = callee.rpc;
  if (rpc?.cs !== undefined && rpc.cr !== undefined) return rpc.cr - rpc.cs;
  return callee.unfinished ? 0 : callee.duration;
}

/** Breadth-first from the services of root spans (no parent in the trace); a cycle's back edge does not push a node deeper. */
function assignDepths(trace: Trace, byId: Map<string, Span>, nodes: Map<string, TraceGraphNode>, edges: TraceGraphEdge[]): void {
  const out = new Map<string, string[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge.to]);
  const queue: string[] = [];
  for (const span of trace.spans) {
    if (span.parentId !== undefined && byId.has(span.parentId)) continue;
    const root = nodes.get(span.service);
    if (root && root.depth !== 0) {
      root.depth = 0;
      queue.push(root.service);
    }
  }
  for (let head = 0; head < queue.length; head += 1) {
    const from = nodes.get(queue[head]!)!;
    for (const to of out.get(from.service) ?? []) {
      const next = nodes.get(to)!;
      if (next.depth <= from.depth + 1) continue;
      next.depth = from.depth + 1;
      queue.push(to);
    }
  }
  // Services reached only through a cycle with no root (a trace missing its root span) go first.
  for (const n of nodes.values()) if (!Number.isFinite(n.depth)) n.depth = 0;
}
