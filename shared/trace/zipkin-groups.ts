import { IdIndex } from './id-index';
import type { ZipkinSpan } from './zipkin-schema';

type Endpoint = ZipkinSpan['localEndpoint'];

/** One row-to-be: a record, or several records of one span merged, and the id its row gets. */
export interface ZipkinEntry {
  record: ZipkinSpan;
  spanId: string;
  /** The id as reported, when the row's id had to be made distinct. */
  reportedId?: string;
  notes?: string[];
  /** Index of its span in the trace, once made. */
  index: number;
}

/**
 * The records reported under one span id: the caller's side (`mains`, normally one) and the
 * server receipts (`servers`: the `shared` halves — one per host that handled the call).
 */
export interface ZipkinGroup {
  id: string;
  mains: ZipkinEntry[];
  servers: ZipkinEntry[];
}

/**
 * Sorts Zipkin records out by id, as zipkin-lens's span cleaner does: records of one span sent
 * in parts (same side, same endpoint, no conflicting kind) are merged into one, with a note;
 * a SERVER record beside a CLIENT one is its shared half even without the `shared` flag some
 * instrumentation forgets; anything that conflicts — server receipts from different hosts, two
 * clients — stays a separate row with an id of its own and a note naming the hosts.
 */
export function groupZipkinRecords(records: readonly ZipkinSpan[]): ZipkinGroups {
  // Most ids have one record: it is kept as it is, and only a repeated id gets a list.
  const slots = new IdIndex(records.length);
  const ids: string[] = [];
  const seen: (ZipkinSpan | ZipkinSpan[])[] = [];
  let colonFree = true;
  for (const r of records) {
    const id = lowerId(r.id);
    if (colonFree && hasColon(id)) colonFree = false;
    const slot = slots.get(id);
    if (slot < 0) {
      slots.set(id, ids.length);
      ids.push(id);
      seen.push(r);
      continue;
    }
    const before = seen[slot]!;
    if (Array.isArray(before)) before.push(r);
    else seen[slot] = [before, r];
  }
  const list: ZipkinGroup[] = new Array<ZipkinGroup>(ids.length);
  for (let k = 0; k < ids.length; k += 1) {
    const id = ids[k]!;
    const found = seen[k]!;
    if (Array.isArray(found)) {
      list[k] = groupOf(id, found);
      continue;
    }
    const entry: ZipkinEntry = { record: found, spanId: id, index: -1 };
    // A lone shared record (a server whose caller was not traced) is still a server half.
    list[k] = isSharedAlone(found.shared, found.kind) ? { id, mains: NO_ENTRIES, servers: [entry] } : { id, mains: [entry], servers: NO_ENTRIES };
  }
  return {
    list,
    // Rows get the group's id, or it with ":2", ":server"… (groupOf): distinct unless an id has a colon.
    distinctIds: colonFree,
    find(id: string) {
      const slot = slots.get(id);
      return slot < 0 ? undefined : list[slot];
    },
  };
}

/** The groups in the order their ids first came, and a lookup by (lower-case) id. */
export interface ZipkinGroups {
  list: ZipkinGroup[];
  /** No two rows made from these groups can share an id. */
  distinctIds: boolean;
  find(id: string): ZipkinGroup | undefined;
}

// Shared by every id with no record on that side; nothing ever adds to it.
const NO_ENTRIES: ZipkinEntry[] = [];

function lowerId(id: string): string {
  // Ids are almost always lower-case hex already: skip the copy then.
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    if (c >= 65 && c <= 90) return id.toLowerCase();
  }
  return id;
}

function hasColon(id: string): boolean {
  for (let i = 0; i < id.length; i += 1) if (id.charCodeAt(i) === 58) return true;
  return false;
}

/** A shared record that is not a client: a server half, even when its caller was not traced. */
export function isSharedAlone(shared: ZipkinSpan['shared'], kind: ZipkinSpan['kind']): boolean {
  return shared === true && kind !== 'CLIENT';
}

/** Two records under one id that are a call's CLIENT and SERVER halves, in either order. */
export function isCallPair(a: ZipkinSpan['kind'], b: ZipkinSpan['kind']): boolean {
  return (a === 'CLIENT' && b === 'SERVER') || (a === 'SERVER' && b === 'CLIENT');
}

interface Draft {
  record: ZipkinSpan;
  parts: number;
}

function groupOf(id: string, list: readonly ZipkinSpan[]): ZipkinGroup {
  const pair = clientServerPair(id, list);
  if (pair) return pair;
  const hasClient = list.some((r) => r.kind === 'CLIENT');
  const mains: Draft[] = [];
  const servers: Draft[] = [];
  // Records that say their kind first, so a kindless part finds the half it belongs to.
  const ordered = [...list.filter((r) => r.kind), ...list.filter((r) => !r.kind)];
  for (const r of ordered) {
    const shared = (r.shared === true && r.kind !== 'CLIENT') || (hasClient && r.kind === 'SERVER');
    const side = shared ? servers : mains;
    // A record that says neither kind nor side (a late part carrying only a name) joins
    // whichever half reported from the same endpoint.
    const same =
      side.find((d) => mergeable(d.record, r)) ??
      (r.kind || r.shared ? undefined : (shared ? mains : servers).find((d) => sameEndpoint(d.record.localEndpoint, r.localEndpoint)));
    if (same) {
      same.record = merge(same.record, r);
      same.parts += 1;
    } else {
      side.push({ record: r, parts: 1 });
    }
  }
  const group: ZipkinGroup = { id, mains: [], servers: [] };
  mains.forEach((draft, k) => {
    const entry = entryOf(draft, k === 0 ? id : `${id}:${k + 1}`, id);
    if (mains.length > 1) {
      note(entry, `one of ${mains.length} different spans reported under id ${id} (${describe(mains)}); each is shown as its own row`);
    }
    group.mains.push(entry);
  });
  servers.forEach((draft, k) => {
    const spanId = mains.length > 0 || k > 0 ? `${id}:server${k > 0 ? k + 1 : ''}` : id;
    const entry = entryOf(draft, spanId, id);
    if (servers.length > 1) {
      note(entry, `one of ${servers.length} server receipts of call ${id} (from ${describe(servers)}); each is shown as its own row`);
    }
    group.servers.push(entry);
  });
  if (servers.length > 1) {
    for (const main of group.mains) {
      note(main, `${servers.length} servers reported receiving this call (${describe(servers)}); each is shown as its own row below it`);
    }
  }
  return group;
}

/** The usual repeat, half of a trace's ids: a CLIENT record and the SERVER half of the same call. */
function clientServerPair(id: string, list: readonly ZipkinSpan[]): ZipkinGroup | undefined {
  if (list.length !== 2) return undefined;
  const [a, b] = list as [ZipkinSpan, ZipkinSpan];
  if (!isCallPair(a.kind, b.kind)) return undefined;
  const client = a.kind === 'CLIENT' ? a : b;
  const server = client === a ? b : a;
  return {
    id,
    mains: [{ record: client, spanId: id, index: -1 }],
    servers: [{ record: server, spanId: `${id}:server`, reportedId: id, index: -1 }],
  };
}

function entryOf(draft: Draft, spanId: string, id: string): ZipkinEntry {
  const entry: ZipkinEntry = { record: draft.record, spanId, index: -1 };
  if (spanId !== id) entry.reportedId = id;
  if (draft.parts > 1) {
    note(entry, `${draft.parts} records were reported for this span from ${where(draft.record)}; merged into this one row`);
  }
  return entry;
}

function note(entry: ZipkinEntry, text: string): void {
  (entry.notes ??= []).push(text);
}

function describe(drafts: readonly Draft[]): string {
  return [...new Set(drafts.map((d) => where(d.record)))].join(', ');
}

function where(r: ZipkinSpan): string {
  const host = hostOf(r.localEndpoint);
  return host ? `${host} (${serviceOf(r)})` : serviceOf(r);
}

/**
 * Parts of one span may be merged when nothing in them conflicts: zipkin-lens's rule (service
 * name, IPv4, IPv6 and port agree where both say), plus no two different kinds.
 */
function mergeable(a: ZipkinSpan, b: ZipkinSpan): boolean {
  if (a.kind && b.kind && a.kind !== b.kind) return false;
  return endpointsAgree(a.localEndpoint, b.localEndpoint);
}

function endpointsAgree(a: Endpoint, b: Endpoint): boolean {
  if (!a || !b) return true;
  const differ = (x: unknown, y: unknown) => x !== undefined && x !== null && x !== '' && y !== undefined && y !== null && y !== '' && x !== y;
  return !(differ(a.serviceName, b.serviceName) || differ(a.ipv4, b.ipv4) || differ(a.ipv6, b.ipv6) || differ(a.port, b.port));
}

/** Both endpoints name the same address (and port, where either says): one host, one clock. */
export function sameHost(a: Endpoint, b: Endpoint): boolean {
  if (!a || !b) return false;
  if (a.ipv4 ? a.ipv4 !== b.ipv4 : !a.ipv6 || a.ipv6 !== b.ipv6) return false;
  return (a.port ?? undefined) === (b.port ?? undefined);
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return !!a && !!b && !!a.serviceName && a.serviceName === b.serviceName && hostOf(a) !== undefined && hostOf(a) === hostOf(b);
}

/** One span reported in several records (late tags, split annotations): one record again. */
function merge(a: ZipkinSpan, b: ZipkinSpan): ZipkinSpan {
  const starts = [a.timestamp, b.timestamp].filter((t): t is number => typeof t === 'number');
  const ends = [a, b]
    .filter((r) => typeof r.timestamp === 'number' && typeof r.duration === 'number' && r.duration > 0)
    .map((r) => r.timestamp! + r.duration!);
  const timestamp = starts.length ? Math.min(...starts) : undefined;
  return {
    ...a,
    parentId: a.parentId ?? b.parentId,
    kind: a.kind ?? b.kind,
    name: a.name && a.name !== 'unknown' ? a.name : (b.name ?? a.name),
    timestamp,
    duration: timestamp !== undefined && ends.length ? Math.max(...ends) - timestamp : undefined,
    localEndpoint: mergeEndpoints(a.localEndpoint, b.localEndpoint),
    remoteEndpoint: a.remoteEndpoint ?? b.remoteEndpoint,
    annotations: [...(a.annotations ?? []), ...(b.annotations ?? [])],
    tags: { ...b.tags, ...a.tags },
    shared: a.shared ?? b.shared,
  };
}

function mergeEndpoints(a: Endpoint, b: Endpoint): Endpoint {
  if (!a) return b;
  if (!b) return a;
  return {
    serviceName: a.serviceName || b.serviceName,
    ipv4: a.ipv4 || b.ipv4,
    ipv6: a.ipv6 || b.ipv6,
    port: a.port || b.port,
  };
}

/**
 * Of the halves reported under a call's id (`servers`, the receipts; `mains`, the caller's
 * side, at least one of the two lists non-empty), the one a record with local endpoint
 * `local` belongs under when it names that id as its parent: the half on its own host (the
 * same clock), else the half of its own service, else the first server half — the work a
 * callee did. `endpointOf` reads a half's local endpoint, whatever a half is to the caller
 * (an entry of the general path, a record's index in zipkin-bytes.ts).
 */
export function halfUnder<T>(local: Endpoint, servers: readonly T[], mains: readonly T[], endpointOf: (half: T) => Endpoint): T {
  if (servers.length === 0) return mains[0]!;
  if (mains.length === 0 && servers.length === 1) return servers[0]!;
  if (local && (local.ipv4 || local.ipv6)) {
    for (const e of servers) if (sameHost(endpointOf(e), local)) return e;
    for (const e of mains) if (sameHost(endpointOf(e), local)) return e;
  }
  const service = local?.serviceName || 'unknown';
  for (const e of servers) if ((endpointOf(e)?.serviceName || 'unknown') === service) return e;
  for (const e of mains) if ((endpointOf(e)?.serviceName || 'unknown') === service) return e;
  return servers[0] ?? mains[0]!;
}

export function serviceOf(r: ZipkinSpan): string {
  return r.localEndpoint?.serviceName || 'unknown';
}

/** A Zipkin endpoint's address and port, the host whose clock stamped the span ("10.0.0.1:8080", "[::1]:80"). */
export function hostOf(endpoint: Endpoint): string | undefined {
  if (!endpoint) return undefined;
  if (endpoint.ipv4) return endpoint.port ? `${endpoint.ipv4}:${endpoint.port}` : endpoint.ipv4;
  if (endpoint.ipv6) return endpoint.port ? `[${endpoint.ipv6}]:${endpoint.port}` : endpoint.ipv6;
  return undefined;
}
