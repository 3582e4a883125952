import { type LogFilter, lineMatches } from '../../../shared/logs/log-filter';
import type { LogLine } from '../../../shared/model/logs';
import type { LogRing } from '../store/log-ring';

/**
 * The sequence numbers of a ring's lines that pass a filter, kept in step with the ring:
 * each update checks only the lines that arrived since the last one and forgets the ones
 * the ring dropped, so a tail of thousands of lines a second costs the new lines only.
 * A new filter or a new ring is a new FilteredLines.
 */
export class FilteredLines {
  /** Matching sequence numbers, ascending, from `from` on (older entries are dropped lines). */
  private seqs: number[] = [];
  private from = 0;
  private scanned: number;

  constructor(
    readonly ring: LogRing,
    readonly filter: LogFilter,
  ) {
    this.scanned = ring.oldestSeq;
  }

  update(): void {
    const { ring } = this;
    for (let seq = Math.max(this.scanned, ring.oldestSeq); seq < ring.total; seq++) {
      if (lineMatches(ring.bySeq(seq)!, this.filter)) this.seqs.push(seq);
    }
    this.scanned = ring.total;
    const oldest = ring.oldestSeq;
    while (this.from < this.seqs.length && this.seqs[this.from]! < oldest) this.from++;
    // Compact now and then, not on every drop.
    if (this.from > 4096 && this.from > this.seqs.length / 2) {
      this.seqs = this.seqs.slice(this.from);
      this.from = 0;
    }
  }

  /** Matching lines with a sequence number below `beforeSeq` (all of them without it). */
  count(beforeSeq = Infinity): number {
    return this.lowerBound(beforeSeq) - this.from;
  }

  /** The i-th newest matching line below `beforeSeq`. */
  seqAt(i: number, beforeSeq = Infinity): number | undefined {
    const index = this.lowerBound(beforeSeq) - 1 - i;
    return index >= this.from && index < this.seqs.length ? this.seqs[index] : undefined;
  }

  lineAt(i: number, beforeSeq = Infinity): LogLine | undefined {
    const seq = this.seqAt(i, beforeSeq);
    return seq === undefined ? undefined : this.ring.bySeq(seq);
  }

  /** Where a line (by sequence number) sits, newest first, below `beforeSeq`; -1 when filtered out or gone. */
  indexOf(seq: number, beforeSeq = Infinity): number {
    const at = this.lowerBound(seq);
    if (at >= this.seqs.length || this.seqs[at] !== seq || at < this.from) return -1;
    const end = this.lowerBound(beforeSeq);
    return at < end ? end - 1 - at : -1;
  }

  private lowerBound(seq: number): number {
    let lo = this.from;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
