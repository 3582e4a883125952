import type { Resource, Span } from '../model/traces';
import { IdIndex } from './id-index';
import { addNote } from './notes';
import { clockOf, whereOf } from './resources';
import type { Warnings } from './warnings';

/**
 * Jaeger and OTLP payloads can repeat a span id: an exact copy (a span reported twice), the
 * client and server halves of a Zipkin-instrumented RPC, a message received on several hosts,
 * or unrelated spans. No record is lost: an exact copy is shown once with a note saying how
 * often it came; a server half becomes `${id}:server` (`:server2`, …) under its client; any
 * other repeat gets a distinct id (`${id}:2`, …). Every row made distinct keeps the reported id
 * in `reportedId` and says why in its notes.
 */
export function separateSharedIds(spans: Span[], resources: readonly Resource[], warnings: Warnings): Separated {
  const indexById = new IdIndex(spans.length);
  let repeats: Set<string> | undefined;
  for (let i = 0; i < spans.length; i += 1) {
    const id = spans[i]!.spanId;
    if (!indexById.set(id, i)) (repeats ??= new Set()).add(id);
  }
  // The usual case: every id once, and the map just built also resolves every parent.
  if (!repeats) return { spans, parentIndex: parentsFrom(spans, indexById) };

  const byId = new Map<string, Span[]>();
  for (const span of spans) {
    if (!repeats.has(span.spanId)) continue;
    const list = byId.get(span.spanId);
    if (list) list.push(span);
    else byId.set(span.spanId, [span]);
  }

  const dropped = new Set<Span>();
  const serverHalves = new Map<string, Span[]>();
  let copies = 0;
  for (const [id, group] of byId) {
    const distinct: Span[] = [];
    for (const span of group) {
      const same = distinct.find((kept) => isSameSpan(kept, span));
      if (same) {
        dropped.add(span);
        copies += 1;
        const times = group.filter((s) => isSameSpan(same, s)).length;
        addNote(same, `reported ${times} times under id ${id} with identical content; shown once`);
      } else {
        distinct.push(span);
      }
    }
    if (distinct.length === 1) continue;
    const clients = distinct.filter((s) => s.kind === 'client');
    const servers = distinct.filter((s) => s.kind === 'server');
    if (clients.length === 1 && servers.length + 1 === distinct.length) {
      const client = clients[0]!;
      servers.forEach((server, k) => {
        server.spanId = `${id}:server${k > 0 ? k + 1 : ''}`;
        server.reportedId = id;
        server.parentId = id;
        if (servers.length > 1) addNote(server, receiptsNote(servers, id, resources));
      });
      if (servers.length > 1) addNote(client, `${servers.length} servers reported receiving this call (${hostsOf(servers, resources)}); each is shown as its own row below it`);
      serverHalves.set(id, servers);
    } else {
      const where = distinct.map((s) => `${s.service} "${s.operation}"`).join(', ');
      distinct.forEach((span, k) => {
        if (k > 0) {
          span.reportedId = id;
          span.spanId = `${id}:${k + 1}`;
        }
        addNote(span, `one of ${distinct.length} different spans reported under id ${id} (${where}); each is shown as its own row`);
      });
      warnings.add(`${distinct.length} different spans share the id ${id}; each is shown as its own row (${distinct.slice(1).map((s) => s.spanId).join(', ')})`);
    }
  }
  if (copies > 0) warnings.add(`${copies} span${copies === 1 ? ' was' : 's were'} reported more than once with identical content; each is shown once`);

  const out = dropped.size > 0 ? spans.filter((s) => !dropped.has(s)) : spans;
  if (serverHalves.size > 0) hangUnderServers(out, serverHalves, resources);
  return { spans: out };
}

/** The spans, and each one's parent index when it was worked out on the way (-1: none in the trace). */
export interface Separated {
  spans: Span[];
  parentIndex?: Int32Array;
}

function parentsFrom(spans: readonly Span[], indexById: IdIndex): Int32Array {
  const parent = new Int32Array(spans.length).fill(-1);
  for (let i = 0; i < spans.length; i += 1) {
    const id = spans[i]!.parentId;
    if (id === undefined) continue;
    const p = indexById.get(id);
    if (p !== i) parent[i] = p;
  }
  return parent;
}

/**
 * Work done by a server names the shared id as its parent; it belongs under the server half
 * on the same host (the same clock), else the one of the same service.
 */
function hangUnderServers(spans: Span[], serverHalves: Map<string, Span[]>, resources: readonly Resource[]): void {
  for (const span of spans) {
    const servers = span.parentId === undefined ? undefined : serverHalves.get(span.parentId);
    if (!servers || servers.includes(span)) continue;
    const clock = clockOf(resources[span.resource], span.service);
    const server =
      servers.find((s) => clockOf(resources[s.resource], s.service) === clock) ?? servers.find((s) => s.service === span.service);
    if (server) span.parentId = server.spanId;
  }
}

export function receiptsNote(servers: readonly Span[], id: string, resources: readonly Resource[]): string {
  return `one of ${servers.length} server receipts of call ${id} (from ${hostsOf(servers, resources)}); each is shown as its own row`;
}

export function hostsOf(spans: readonly Span[], resources: readonly Resource[]): string {
  return [...new Set(spans.map((s) => whereOf(resources[s.resource], s.service)))].join(', ');
}

function isSameSpan(a: Span, b: Span): boolean {
  return (
    a.service === b.service &&
    a.resource === b.resource &&
    a.operation === b.operation &&
    a.start === b.start &&
    a.duration === b.duration &&
    a.kind === b.kind &&
    a.parentId === b.parentId
  );
}
