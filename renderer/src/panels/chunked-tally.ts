import type { LogLine } from '../../../shared/model/logs';
import type { LogRing } from '../store/log-ring';

/** Lines per chunk: a recount redoes at most two chunks, the rest are kept. */
export const CHUNK_LINES = 1000;

/**
 * A per-chunk summary of a ring (facet counts, error-pattern partials), so a recount
 * over 100,000 lines reduces only the chunks that changed (the newest, and the oldest one
 * the ring is eating into) and merges the others' kept summaries. A chunk is kept once
 * complete and wholly in the ring; its lines never change after that.
 */
export class ChunkedTally<T> {
  private readonly done = new Map<number, T>();

  constructor(
    readonly ring: LogRing,
    private readonly reduce: (lines: LogLine[]) => T,
  ) {}

  parts(): T[] {
    const { ring } = this;
    if (ring.size === 0) return [];
    const first = Math.floor(ring.oldestSeq / CHUNK_LINES);
    const last = Math.floor((ring.total - 1) / CHUNK_LINES);
    for (const chunk of this.done.keys()) if (chunk < first) this.done.delete(chunk);
    const parts: T[] = [];
    for (let chunk = first; chunk <= last; chunk++) {
      const from = chunk * CHUNK_LINES;
      const to = from + CHUNK_LINES;
      const whole = from >= ring.oldestSeq && to <= ring.total;
      const kept = whole ? this.done.get(chunk) : undefined;
      if (kept !== undefined) {
        parts.push(kept);
        continue;
      }
      const lines: LogLine[] = [];
      for (let seq = Math.max(from, ring.oldestSeq); seq < Math.min(to, ring.total); seq++) lines.push(ring.bySeq(seq)!);
      const part = this.reduce(lines);
      if (whole) this.done.set(chunk, part);
      parts.push(part);
    }
    return parts;
  }
}
