import { seededRandom as mulberry32 } from '../random';

export interface GenerateTraceOptions {
  /** Exact number of Zipkin records (model spans) to produce. */
  spans: number;
  /** Deepest span depth to reach; a spine of RPCs is built down to it first. Default 12. */
  depth?: number;
  seed?: number;
}

const SERVICES = ['app-gateway', 'ride-service', 'lock-service', 'iot-gateway', 'payment-service', 'wallet-db', 'user-service', 'pricing-service'];
const ROUTES = ['/unlock', '/rides', '/locks/status', '/payments', '/wallet/debit', '/users/me', '/price'];

interface ServerNode {
  id: string;
  service: string;
  /** The endpoint its work is reported from: one host of its service. */
  host: { serviceName: string; ipv4: string; port: number };
  start: number;
  end: number;
  depth: number;
}

/** Hosts each service runs on; a server and the work it does share one host (one clock). */
const HOSTS_PER_SERVICE = 3;

/**
 * A Zipkin v2 trace (what `/api/v2/trace/{id}` returns) with client/server halves sharing
 * ids, for tests and benchmarks. Deterministic for a seed; every child fits in its parent,
 * so a correct normaliser reports no clock skew.
 */
export function generateTrace(options: GenerateTraceOptions): unknown {
  const total = Math.max(1, Math.floor(options.spans));
  const maxDepth = Math.max(0, Math.floor(options.depth ?? 12));
  const random = mulberry32(options.seed ?? 1);
  const hex = (digits: number) => {
    let s = '';
    while (s.length < digits) s += Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
    return s.slice(0, digits);
  };
  const traceId = hex(32);
  const idPrefix = hex(6);
  let counter = 0;
  const nextId = () => `${idPrefix}${(counter++).toString(16).padStart(10, '0')}`;
  const endpoint = (service: string) => ({
    serviceName: service,
    ipv4: `10.0.${SERVICES.indexOf(service) + 1}.${1 + Math.floor(random() * HOSTS_PER_SERVICE)}`,
    port: 8080,
  });
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  const records: Record<string, unknown>[] = [];
  const rootStart = 1_700_000_000_000_000 + Math.floor(random() * 1e9);
  const rootService = SERVICES[0]!;
  const root: ServerNode = { id: nextId(), service: rootService, host: endpoint(rootService), start: rootStart, end: rootStart + Math.max(2_000_000, total * 40), depth: 0 };
  records.push(server(root, undefined, 'get /unlock', false));
  const eligible: ServerNode[] = maxDepth >= 2 ? [root] : [];

  const addRpc = (parent: ServerNode, client: { start: number; end: number }, latency: number): ServerNode => {
    const id = nextId();
    const service = pick(SERVICES.filter((s) => s !== parent.service));
    const route = pick(ROUTES);
    const error = random() < 0.01;
    records.push({
      traceId,
      parentId: parent.id,
      id,
      kind: 'CLIENT',
      name: `post ${route}`,
      timestamp: client.start,
      duration: client.end - client.start,
      localEndpoint: parent.host,
      remoteEndpoint: { serviceName: service },
      tags: { 'http.method': 'POST', 'http.path': route, ...(error ? { error: 'timeout' } : {}) },
      ...(random() < 0.05 ? { annotations: [{ timestamp: client.start + 1, value: 'wire.send' }] } : {}),
    });
    const node: ServerNode = { id, service, host: endpoint(service), start: client.start + latency, end: client.end - latency, depth: parent.depth + 2 };
    records.push(server(node, parent.id, `post ${route}`, true));
    return node;
  };

  // The spine: a chain straight down to the requested depth.
  let tip = root;
  while (tip.depth + 2 <= maxDepth && records.length + 2 <= total) {
    tip = addRpc(tip, { start: tip.start + 2, end: tip.end - 2 }, 1);
    if (tip.depth + 2 <= maxDepth) eligible.push(tip);
  }

  while (records.length < total) {
    const parent = eligible.length > 0 ? pick(eligible) : root;
    const span = parent.end - parent.start;
    const length = Math.max(2, Math.floor(span * (0.1 + random() * 0.5)));
    const start = parent.start + Math.floor(random() * Math.max(1, span - length));
    if (total - records.length >= 2 && eligible.length > 0 && random() < 0.9) {
      const node = addRpc(parent, { start, end: start + length }, Math.floor(length * (0.02 + random() * 0.08)));
      if (node.depth + 2 <= maxDepth) eligible.push(node);
    } else {
      records.push({
        traceId,
        parentId: parent.id,
        id: nextId(),
        name: pick(['db.query', 'cache.get', 'serialize', 'validate']),
        timestamp: start,
        duration: length,
        localEndpoint: parent.host,
        tags: { component: 'local' },
      });
    }
  }

  function server(node: ServerNode, parentId: string | undefined, name: string, shared: boolean) {
    return {
      traceId,
      ...(parentId ? { parentId } : {}),
      id: node.id,
      kind: 'SERVER',
      name,
      timestamp: node.start,
      duration: node.end - node.start,
      localEndpoint: node.host,
      tags: { 'http.status_code': '200' },
      ...(shared ? { shared: true } : {}),
    };
  }

  return records;
}

