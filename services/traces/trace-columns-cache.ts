import type { TraceFetchProgress } from '../../shared/api/trace-progress';
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
  /** While fetching: who is told how far it is. */
  progress?: ProgressFanout;
  /**
   * Once settled: the last thing told, where it carried the trace's first rows (`sending`,
   * services/traces/trace-progress.ts). A reopen is told it again, so a large trace's top shows
   * at once while its columns travel and are laid out, as on the first open.
   */
  firstRows?: TraceFetchProgress;
}

export type ProgressWatcher = (progress: TraceFetchProgress) => void;

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
   * `watch` is told how far the fetch is until it settles: a console joining one under way
   * hears where it stands at once, then what follows. A kept copy has nothing left to tell
   * but the trace's first rows, where the fetch ended by telling them.
   */
  columns(source: object, traceId: string, fetch: (report: ProgressWatcher) => Promise<TraceColumns>, watch?: ProgressWatcher): Promise<TraceColumns> {
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
      if (watch && kept.progress) kept.progress.join(watch);
      else if (watch && kept.firstRows) tellOne(watch, kept.firstRows);
      return kept.columns;
    }
    const table = entries;
    const progress = new ProgressFanout();
    if (watch) progress.join(watch);
    const entry: Entry = { at: now, spans: 0, columns: fetch((p) => progress.tell(p)), progress };
    table.set(traceId, entry);
    const settled = () => {
      const last = entry.progress?.last;
      if (last?.head) entry.firstRows = last;
      entry.progress = undefined;
    };
    entry.columns.then(settled, settled);
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

/** One fetch's progress, told to each console that asked for it: the first, and any that joined while it ran (told where it stands at once). */
class ProgressFanout {
  private readonly watchers = new Set<ProgressWatcher>();
  /** What was told last: a console that joins hears it at once. */
  last: TraceFetchProgress | undefined;

  join(watch: ProgressWatcher): void {
    this.watchers.add(watch);
    if (this.last) tellOne(watch, this.last);
  }

  tell(progress: TraceFetchProgress): void {
    this.last = progress;
    for (const watch of this.watchers) tellOne(watch, progress);
  }
}

/** A console that went away mid-fetch is no reason to stop telling the others. */
function tellOne(watch: ProgressWatcher, progress: TraceFetchProgress): void {
  try {
    watch(progress);
  } catch {
    // The fetch goes on; this watcher just hears nothing.
  }
}
