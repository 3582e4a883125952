import type { LogLine } from '../../../shared/model/logs';
import { lineKey } from '../panels/log-lines-merge';

/** Lines a live logs panel keeps: beyond this the oldest are dropped, and counted. */
export const LOG_BUFFER_LINES = 100_000;

/**
 * A fixed-size ring of log lines in arrival order. A tail at thousands of lines a second
 * appends in place (no copy of the whole list per batch) and checks repeats against a
 * key set kept in step with the ring, not rebuilt. Every line gets a sequence number
 * (`total` so far), so a reader can hold its place while newer lines arrive.
 * The store replaces the panel's entry (with the new `version`) on every change so React
 * sees one; the ring itself is mutated.
 */
export class LogRing {
  private readonly slots: (LogLine | undefined)[];
  private readonly slotKeys: (string | undefined)[];
  private readonly keys = new Set<string>();
  /** Sequence number the next line gets; also how many lines were ever kept. */
  total = 0;
  /** Lines pushed out of the ring to make room. */
  dropped = 0;
  version = 0;

  constructor(readonly capacity: number = LOG_BUFFER_LINES) {
    this.slots = new Array<LogLine | undefined>(capacity);
    this.slotKeys = new Array<string | undefined>(capacity);
  }

  /** A ring holding a list shown newest first (a refresh's answer). */
  static fromNewestFirst(lines: readonly LogLine[], capacity = LOG_BUFFER_LINES): LogRing {
    const ring = new LogRing(capacity);
    const oldestFirst: LogLine[] = [];
    for (let i = lines.length - 1; i >= 0; i--) oldestFirst.push(lines[i]!);
    ring.push(oldestFirst);
    return ring;
  }

  get size(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Sequence number of the oldest line still held. */
  get oldestSeq(): number {
    return this.total - this.size;
  }

  /** Appends lines (oldest first) it does not hold yet; returns how many were new. */
  push(arrivedOldestFirst: readonly LogLine[]): number {
    let added = 0;
    for (const line of arrivedOldestFirst) {
      const key = lineKey(line);
      if (this.keys.has(key)) continue;
      const slot = this.total % this.capacity;
      const evicted = this.slotKeys[slot];
      if (this.total >= this.capacity) {
        this.dropped += 1;
        if (evicted !== undefined) this.keys.delete(evicted);
      }
      this.slots[slot] = line;
      this.slotKeys[slot] = key;
      this.keys.add(key);
      this.total += 1;
      added += 1;
    }
    if (added > 0) this.version += 1;
    return added;
  }

  /** The line with this sequence number, if still held. */
  bySeq(seq: number): LogLine | undefined {
    if (seq < this.oldestSeq || seq >= this.total) return undefined;
    return this.slots[seq % this.capacity];
  }

  /** The i-th newest line (0 is the newest). */
  at(i: number): LogLine | undefined {
    return i < 0 || i >= this.size ? undefined : this.bySeq(this.total - 1 - i);
  }

  newest(): LogLine | undefined {
    return this.at(0);
  }

  /** Calls `fn` for every held line, oldest first, with its sequence number. */
  each(fn: (line: LogLine, seq: number) => void): void {
    for (let seq = this.oldestSeq; seq < this.total; seq++) fn(this.slots[seq % this.capacity]!, seq);
  }

  /** Newest first, as a list (tests and small rings). */
  toArray(): LogLine[] {
    const out: LogLine[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.at(i)!);
    return out;
  }
}
