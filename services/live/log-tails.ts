import { LockstepApiError, type LogLine, type LogTailEvent, type LogTailRequest, type LogTailState } from '../../shared';
import type { ClientSession } from '../core/client';
import type { SourceSet } from '../datasources/source-set';
import type { LogTailHandle, LogTailSink } from '../datasources/types';
import { describeError } from '../util/errors';

export interface LogTailLimits {
  /** Tails one console may hold: a few panels, not a wall of them. */
  perClient: number;
  /** Tails all consoles together may hold (Loki allows 10 per tenant by default: max_concurrent_tail_requests). */
  total: number;
  /** Lines are sent in batches this often, so a flood is a few events a second, not thousands. */
  flushMs: number;
  /** Most lines in one event. */
  linesPerFlush: number;
  /** Lines waiting to be sent; beyond this the oldest are left out and counted as skipped. */
  buffer: number;
}

/** At most 1,000 lines a second reach a console per tail; a flood past that is skipped, oldest first, and said so. */
export const DEFAULT_TAIL_LIMITS: LogTailLimits = { perClient: 3, total: 10, flushMs: 250, linesPerFlush: 250, buffer: 2000 };

interface Tail {
  client: ClientSession;
  tailId: string;
  handle?: LogTailHandle;
  buffer: LogLine[];
  dropped: number;
  skipped: number;
  state: LogTailState;
  message?: string;
  /** A state or notice not yet sent. */
  changed: boolean;
  timer?: ReturnType<typeof setTimeout>;
  ended: boolean;
}

/**
 * The live tails each console asked for (one per logs panel with Live on), against the
 * log source's own tail. Lines are batched and rate-limited per tail and the buffer is
 * bounded, so a log flood cannot flood the page; the backend's drops and Lockstep's own
 * skips are counted and sent with the lines. A console that goes away takes its tails.
 */
export class LogTailHub {
  private readonly tails = new Map<string, Map<string, Tail>>();
  private closed = false;

  constructor(
    private readonly sources: SourceSet,
    private readonly now: () => number = Date.now,
    private readonly limits: LogTailLimits = DEFAULT_TAIL_LIMITS,
  ) {}

  start(client: ClientSession, request: LogTailRequest): { tailId: string; state: LogTailState } {
    if (this.closed) throw new LockstepApiError('unavailable', 'Lockstep is shutting down; live logs cannot start.');
    this.stop(client.id, request.tailId);
    const mine = this.tails.get(client.id) ?? new Map<string, Tail>();
    if (mine.size >= this.limits.perClient) {
      throw new LockstepApiError('bad_request', `This console already follows ${mine.size} log panels live, the most one console may; turn Live off on another panel first.`);
    }
    if (this.count() >= this.limits.total) {
      throw new LockstepApiError('unavailable', `Lockstep already follows ${this.count()} log queries live for all its consoles, the most it keeps open against the log sources; try again when one stops.`);
    }
    const { source, capability } = this.sources.pick('logs', request.source);
    if (!capability.tail) {
      throw new LockstepApiError('unavailable', `${source.name} cannot follow logs live: ${source.kind} has no tail API, so the panel keeps refreshing instead.`);
    }
    const tail: Tail = { client, tailId: request.tailId, buffer: [], dropped: 0, skipped: 0, state: 'connecting', changed: true, ended: false };
    mine.set(request.tailId, tail);
    this.tails.set(client.id, mine);
    try {
      tail.handle = capability.tail({ query: request.query, start: request.start ?? this.now(), limit: request.limit }, this.sink(tail));
    } catch (error) {
      this.stop(client.id, request.tailId);
      throw new LockstepApiError('unavailable', `${source.name} could not start following logs: ${describeError(error)}`);
    }
    if (tail.ended) tail.handle.close();
    this.schedule(tail, 0);
    return { tailId: request.tailId, state: tail.state };
  }

  /** Stops one tail; false when this console had none by that name. */
  stop(clientId: string, tailId: string): boolean {
    const mine = this.tails.get(clientId);
    const tail = mine?.get(tailId);
    if (!mine || !tail) return false;
    this.end(tail);
    mine.delete(tailId);
    if (mine.size === 0) this.tails.delete(clientId);
    return true;
  }

  clear(clientId: string): void {
    for (const tailId of [...(this.tails.get(clientId)?.keys() ?? [])]) this.stop(clientId, tailId);
  }

  close(): void {
    this.closed = true;
    for (const clientId of [...this.tails.keys()]) this.clear(clientId);
  }

  /** Tails open now, over all consoles. */
  count(): number {
    let n = 0;
    for (const mine of this.tails.values()) n += mine.size;
    return n;
  }

  private end(tail: Tail): void {
    if (tail.ended) return;
    tail.ended = true;
    clearTimeout(tail.timer);
    tail.handle?.close();
  }

  private sink(tail: Tail): LogTailSink {
    return {
      lines: (lines) => {
        if (tail.ended) return;
        tail.buffer.push(...lines);
        const excess = tail.buffer.length - this.limits.buffer;
        if (excess > 0) {
          tail.buffer.splice(0, excess);
          tail.skipped += excess;
        }
        this.schedule(tail, this.limits.flushMs);
      },
      dropped: (count) => {
        if (tail.ended) return;
        tail.dropped += count;
        this.schedule(tail, this.limits.flushMs);
      },
      state: (state, message) => {
        if (tail.ended || (state === tail.state && message === tail.message)) return;
        tail.state = state;
        tail.message = message;
        tail.changed = true;
        // A change of state is news at once (a "reconnecting…" that waits is a lie); lines may batch.
        this.schedule(tail, 0);
      },
    };
  }

  private schedule(tail: Tail, delayMs: number): void {
    if (tail.ended) return;
    if (tail.timer !== undefined) {
      if (delayMs > 0) return;
      clearTimeout(tail.timer);
    }
    tail.timer = setTimeout(() => this.flush(tail), delayMs);
    tail.timer.unref?.();
  }

  private flush(tail: Tail): void {
    tail.timer = undefined;
    if (tail.ended) return;
    const lines = tail.buffer.splice(0, this.limits.linesPerFlush);
    if (lines.length === 0 && !tail.changed && tail.dropped === 0 && tail.skipped === 0) return;
    const payload: LogTailEvent = { tailId: tail.tailId, lines, state: tail.state, at: this.now() };
    if (tail.message) payload.message = tail.message;
    if (tail.dropped > 0) payload.dropped = tail.dropped;
    if (tail.skipped > 0) payload.skipped = tail.skipped;
    tail.dropped = 0;
    tail.skipped = 0;
    tail.changed = false;
    tail.client.send({ event: 'logTail', payload });
    if (tail.state === 'failed') {
      // A tail that failed for good is over: it no longer counts against the limits.
      this.end(tail);
      const mine = this.tails.get(tail.client.id);
      if (mine?.get(tail.tailId) === tail) mine.delete(tail.tailId);
      if (mine?.size === 0) this.tails.delete(tail.client.id);
      return;
    }
    if (tail.buffer.length > 0) this.schedule(tail, this.limits.flushMs);
  }
}
