import type { ZipkinSpan } from './zipkin';

export interface TraceSummary {
  traceId: string;
  /** Epoch microseconds of the root span. */
  timestamp: number;
  /** Microseconds. */
  duration: number;
  rootService: string;
  rootOperation: string;
  error: boolean;
  services: readonly string[];
}

interface Entry extends TraceSummary {
  spans: ZipkinSpan[];
}

export interface TraceSearch {
  serviceName?: string;
  spanName?: string;
  /** Epoch ms window [endTs - lookback, endTs]. */
  endTs: number;
  lookback: number;
  limit: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** Zipkin's annotationQuery terms: a tag with this value, or (no value) a tag or annotation present. */
  terms?: readonly { key: string; value?: string }[];
}

/** One caller → callee edge, as Zipkin's /api/v2/dependencies answers it. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
}

const MINUTE_MS = 60_000;
/** Links are kept longer than the traces (as a real store keeps spans for days): a day and an hour. */
const LINKS_KEPT_MS = 25 * 60 * MINUTE_MS;

/** The most recent traces, oldest evicted first, with lookup by id; and a day of dependency links. */
export class TraceStore {
  private readonly ring: Array<Entry | undefined>;
  private head = 0;
  private readonly byId = new Map<string, Entry>();
  /** Minute (epoch ms) → "parent\0child" → counts: what the traces of that minute called, kept after the traces are evicted. */
  private readonly linksByMinute = new Map<number, Map<string, DependencyLink>>();
  private newestMinute = -Infinity;

  constructor(readonly capacity = 20_000) {
    this.ring = new Array<Entry | undefined>(capacity);
  }

  get size(): number {
    return this.byId.size;
  }

  add(spans: ZipkinSpan[]): void {
    const root = spans.find((s) => s.parentId === undefined) ?? spans[0];
    if (!root) return;
    const entry: Entry = {
      traceId: root.traceId,
      timestamp: root.timestamp,
      duration: root.duration,
      rootService: root.localEndpoint.serviceName ?? 'unknown',
      rootOperation: root.name,
      error: spans.some((s) => s.tags?.error !== undefined),
      services: [...new Set(spans.map((s) => s.localEndpoint.serviceName ?? 'unknown'))],
      spans,
    };
    const evicted = this.ring[this.head];
    if (evicted) this.byId.delete(evicted.traceId);
    this.ring[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
    this.byId.set(entry.traceId, entry);
    this.countLinks(spans, Math.floor(root.timestamp / 1000 / MINUTE_MS) * MINUTE_MS);
  }

  /**
   * Zipkin's dependency links over the traces whose root started in [endTs - lookback,
   * endTs) (epoch ms, to the minute), sorted by parent then child: what
   * `GET /api/v2/dependencies` answers.
   */
  dependencies(endTs: number, lookback: number): DependencyLink[] {
    const from = endTs - lookback;
    const sum = new Map<string, DependencyLink>();
    for (const [minute, links] of this.linksByMinute) {
      if (minute < from || minute + MINUTE_MS > endTs) continue;
      for (const [key, link] of links) {
        const total = sum.get(key);
        if (total) {
          total.callCount += link.callCount;
          total.errorCount += link.errorCount;
        } else sum.set(key, { ...link });
      }
    }
    return [...sum.values()].sort((a, b) => (a.parent === b.parent ? (a.child < b.child ? -1 : 1) : a.parent < b.parent ? -1 : 1));
  }

  /**
   * As Zipkin's DependencyLinker links a trace: a CLIENT span and the SERVER half that
   * shares its id link the client's service to the server's, an error tag on either half
   * counting once; a CLIENT span with no server half links to its remote service (an
   * uninstrumented callee: a lock, a payment provider); a SERVER span with no client half
   * links from its remote service.
   */
  private countLinks(spans: readonly ZipkinSpan[], minute: number): void {
    const halves = new Map<string, { client?: ZipkinSpan; server?: ZipkinSpan }>();
    for (const span of spans) {
      if (span.kind !== 'CLIENT' && span.kind !== 'SERVER') continue;
      const pair = halves.get(span.id) ?? {};
      if (span.kind === 'CLIENT') pair.client = span;
      else pair.server = span;
      halves.set(span.id, pair);
    }
    let links = this.linksByMinute.get(minute);
    for (const { client, server } of halves.values()) {
      const parent = client?.localEndpoint.serviceName ?? server?.remoteEndpoint?.serviceName;
      const child = server?.localEndpoint.serviceName ?? client?.remoteEndpoint?.serviceName;
      if (!parent || !child || parent === child) continue;
      if (!links) this.linksByMinute.set(minute, (links = new Map()));
      const key = `${parent}\0${child}`;
      const link = links.get(key) ?? { parent, child, callCount: 0, errorCount: 0 };
      link.callCount += 1;
      if (client?.tags?.error !== undefined || server?.tags?.error !== undefined) link.errorCount += 1;
      links.set(key, link);
    }
    if (minute > this.newestMinute) {
      this.newestMinute = minute;
      for (const old of this.linksByMinute.keys()) if (old < minute - LINKS_KEPT_MS) this.linksByMinute.delete(old);
    }
  }

  get(traceId: string): ZipkinSpan[] | undefined {
    return this.byId.get(traceId.toLowerCase())?.spans;
  }

  /** Newest first. */
  recent(limit: number): TraceSummary[] {
    return this.search({ endTs: Infinity, lookback: Infinity, limit }).map(({ spans: _spans, ...summary }) => summary);
  }

  /** Newest first, like Zipkin's /api/v2/traces. */
  search(q: TraceSearch): Entry[] {
    const out: Entry[] = [];
    const fromUs = (q.endTs - q.lookback) * 1000;
    const toUs = q.endTs * 1000;
    for (let n = 1; n <= this.capacity && out.length < q.limit; n++) {
      const e = this.ring[(this.head - n + this.capacity) % this.capacity];
      if (!e) break;
      if (e.timestamp > toUs || e.timestamp < fromUs) continue;
      if (q.serviceName && !e.services.includes(q.serviceName)) continue;
      if (!matchesSpans(e.spans, q)) continue;
      out.push(e);
    }
    return out;
  }

  /** The span names a service reported, as Zipkin's /api/v2/spans answers. */
  spanNames(serviceName: string): string[] {
    const names = new Set<string>();
    for (const e of this.byId.values()) {
      for (const span of e.spans) if (span.localEndpoint.serviceName === serviceName) names.add(span.name);
    }
    return [...names].sort();
  }

  services(): string[] {
    const names = new Set<string>();
    for (const e of this.byId.values()) for (const s of e.services) names.add(s);
    return [...names].sort();
  }
}

/**
 * Zipkin's query semantics over one trace: a span of the service with the name whose duration
 * is within the bounds, and every annotationQuery term met by a span of that service.
 */
function matchesSpans(spans: readonly ZipkinSpan[], q: TraceSearch): boolean {
  const ofService = (s: ZipkinSpan) => !q.serviceName || s.localEndpoint.serviceName === q.serviceName;
  const timed = q.spanName !== undefined || q.minDurationUs !== undefined || q.maxDurationUs !== undefined;
  if (
    timed &&
    !spans.some(
      (s) =>
        ofService(s) &&
        (q.spanName === undefined || s.name === q.spanName) &&
        (q.minDurationUs === undefined || s.duration >= q.minDurationUs) &&
        (q.maxDurationUs === undefined || s.duration <= q.maxDurationUs),
    )
  ) {
    return false;
  }
  return (q.terms ?? []).every(({ key, value }) =>
    spans.some((s) => ofService(s) && (value === undefined ? s.tags?.[key] !== undefined || (s.annotations ?? []).some((a) => a.value === key) : s.tags?.[key] === value)),
  );
}
