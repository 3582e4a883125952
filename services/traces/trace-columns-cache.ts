import type { TraceColumns } from '../../shared/model/trace-columns';

/**
 * The column form of the traces opened lately, per trace source, so opening the same trace
 * again (closing and reopening it, a second console, a deep link) skips the fetch, the
 * normalising and the encoding: 100,000 spans cost seconds the first time and nothing after.
 *
 * Keyed by the source's trace capability object, so a source changed or removed in Settings
 * (a new object) never answers from the old one's entries and its entries go with it. Bounded
 * by spans held, not by traces, since one trace may be 100,000 spans or 3. An entry lives
 * FRESH_MS: a trace still receiving spans shows them on an open a minute later. An answer the
 * source marked partial (cut short) is never kept.
 */
export const FRESH_MS = 60_000;
/** Spans kept per source; about 2.5 × the largest trace the bench opens (100,000 spans ≈ 8 MB of columns). */
export const MAX_SPANS = 250_000;

interface Entry {
  at: number;
  spans: number;
  columns: Promise<TraceColumns>;
}

export interface TraceColumnsCacheOptions {
  now?: () => number;
  freshMs?: number;
  maxSpans?: number;
}

export class TraceColumnsCache {
  private readonly bySource = new WeakMap<object, Map<string, Entry>>();
  private readonly now: () => number;
  private readonly freshMs: number;
  private readonly maxSpans: number;

  constructor(options: TraceColumnsCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.freshMs = options.freshMs ?? FRESH_MS;
    this.maxSpans = options.maxSpans ?? MAX_SPANS;
  }

  /**
   * The trace's columns: a fresh kept copy, the fetch already under way for it (two consoles
   * opening one trace fetch it once), or `fetch` run now. A failed fetch is not kept.
   */
  columns(source: object, traceId: string, fetch: () => Promise<TraceColumns>): Promise<TraceColumns> {
    let entries = this.bySource.get(source);
    if (!entries) {
      entries = new Map();
      this.bySource.set(source, entries);
    }
    const now = this.now();
    const kept = entries.get(traceId);
    if (kept && now - kept.at < this.freshMs) {
      // Map order is the eviction order: the trace just asked for goes to the back.
      entries.delete(traceId);
      entries.set(traceId, kept);
      return kept.columns;
    }
    const table = entries;
    const entry: Entry = { at: now, spans: 0, columns: fetch() };
    table.set(traceId, entry);
    entry.columns.then(
      (columns) => {
        if (table.get(traceId) !== entry) return;
        if (columns.partial !== undefined) table.delete(traceId);
        else {
          entry.spans = columns.count;
          this.evict(table);
        }
      },
      () => {
        if (table.get(traceId) === entry) table.delete(traceId);
      },
    );
    return entry.columns;
  }

  /** Oldest first, until the kept spans fit; the newest trace stays even when it alone is larger. */
  private evict(table: Map<string, Entry>): void {
    let total = 0;
    for (const entry of table.values()) total += entry.spans;
    for (const [id, entry] of table) {
      if (total <= this.maxSpans || table.size <= 1) break;
      const now = this.now();
      // An entry still fetching (0 spans so far) is left to finish.
      if (entry.spans === 0 && now - entry.at < this.freshMs) continue;
      table.delete(id);
      total -= entry.spans;
    }
  }
}
