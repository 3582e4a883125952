import type { DemoLogLine, LogStore } from './log-store';
import { lineMatches, runLogQuery, type LogSelector } from './logql';

/** Lines held back because their time has not come yet; beyond this the oldest are dropped. */
const MAX_HELD = 10_000;

/**
 * Follows the fleet's log store for one tail, as Loki's tailer does: first the newest
 * `limit` matching lines since `startMs`, then each new matching line once. A line counts
 * as arrived when its time has come: the fleet writes some lines ahead of their time (a
 * payment logs when it will complete), which a real Loki would only see then. More new
 * lines than a read may carry are dropped, oldest first, and returned as such (Loki
 * reports those as `dropped_entries`), as are lines the ring overwrote before a read.
 */
export class LogFollower {
  private mark: number;
  private held: DemoLogLine[] = [];

  constructor(
    private readonly store: LogStore,
    private readonly selector: LogSelector,
  ) {
    this.mark = store.added;
  }

  /** The newest `limit` matching lines in [startMs, nowMs], oldest first; later-dated ones wait for their time. */
  backlog(startMs: number, limit: number, nowMs: number): DemoLogLine[] {
    this.mark = this.store.added;
    this.held = [];
    for (const l of this.store.lines()) if (l.time > nowMs && lineMatches(l, this.selector)) this.held.push(l);
    return runLogQuery(this.store.lines(), this.selector, { startMs, endMs: nowMs, limit, direction: 'backward' }).reverse();
  }

  /** Matching lines that arrived by `nowMs` since the last read (at most `max`, the newest kept), and those dropped. */
  next(max: number, nowMs: number): { lines: DemoLogLine[]; dropped: DemoLogLine[]; lost: number } {
    const read = this.store.readSince(this.mark);
    this.mark = read.mark;
    const candidates = [...this.held, ...read.lines.filter((l) => lineMatches(l, this.selector))];
    const due = candidates.filter((l) => l.time <= nowMs);
    this.held = candidates.filter((l) => l.time > nowMs);
    const overflow = Math.max(0, this.held.length - MAX_HELD);
    const lostHeld = this.held.splice(0, overflow).length;
    due.sort((a, b) => a.time - b.time);
    const cut = Math.max(0, due.length - max);
    return { lines: due.slice(cut), dropped: due.slice(0, cut), lost: read.lost + lostHeld };
  }
}
