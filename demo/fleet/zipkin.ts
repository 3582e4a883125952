/** A span in Zipkin's v2 JSON shape (times in microseconds), as /api/v2/trace/{id} returns it. */
export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  port?: number;
}

export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  name: string;
  timestamp: number;
  duration: number;
  localEndpoint: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  tags?: Record<string, string>;
  annotations?: Array<{ timestamp: number; value: string }>;
  shared?: boolean;
}

/** The four moments of one RPC plus what the server reported, all in microseconds. */
export interface RpcCall {
  id: string;
  parentId: string;
  client: string;
  server: string;
  name: string;
  cs: number;
  sr: number;
  ss: number;
  cr: number;
  tags?: Record<string, string>;
  /** What the caller saw go wrong (e.g. its own timeout). */
  clientError?: string;
  serverError?: string;
}

/**
 * One RPC as Zipkin instrumentation reports it: the caller's CLIENT span and the callee's
 * SERVER span share an id (the server half marked `shared`), so CS/SR/SS/CR are all real.
 */
export function rpcSpans(traceId: string, call: RpcCall): [ZipkinSpan, ZipkinSpan] {
  const client: ZipkinSpan = {
    traceId,
    id: call.id,
    parentId: call.parentId,
    kind: 'CLIENT',
    name: call.name,
    timestamp: call.cs,
    duration: Math.max(1, call.cr - call.cs),
    localEndpoint: { serviceName: call.client },
    remoteEndpoint: { serviceName: call.server },
    tags: call.clientError ? { error: call.clientError } : {},
  };
  const server: ZipkinSpan = {
    traceId,
    id: call.id,
    parentId: call.parentId,
    kind: 'SERVER',
    name: call.name,
    timestamp: call.sr,
    duration: Math.max(1, call.ss - call.sr),
    localEndpoint: { serviceName: call.server },
    remoteEndpoint: { serviceName: call.client },
    tags: { ...call.tags, ...(call.serverError ? { error: call.serverError } : {}) },
    shared: true,
  };
  return [client, server];
}
