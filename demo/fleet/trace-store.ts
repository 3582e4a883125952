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
  /** Epoch ms window [endTs - lookback, endTs]. */
  endTs: number;
  lookback: number;
  limit: number;
  minDurationUs?: number;
  onlyErrors?: boolean;
}

/** The most recent traces, oldest evicted first, with lookup by id. */
export class TraceStore {
  private readonly ring: Array<Entry | undefined>;
  private head = 0;
  private readonly byId = new Map<string, Entry>();

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
      if (q.minDurationUs !== undefined && e.duration < q.minDurationUs) continue;
      if (q.onlyErrors && !e.error) continue;
      out.push(e);
    }
    return out;
  }

  services(): string[] {
    const names = new Set<string>();
    for (const e of this.byId.values()) for (const s of e.services) names.add(s);
    return [...names].sort();
  }
}
