import type { EventOf, LiveQuery, QueryResult } from '../../shared';
import { diffFrames, type FullFrame, toFullFrame } from '../../shared/model/live-frame';
import { alignedWindow, pointsPerSeries, withinPointLimit } from '../../shared/model/query-step';
import type { ClientSession } from '../core/client';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

interface Subscription {
  client: ClientSession;
  query: LiveQuery;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set when the subscription is replaced or cleared: an answer still on its way is dropped. */
  cancelled: boolean;
  /** The backend request it is waiting for, if any. */
  waitingOn: SharedRequest | undefined;
  /** What this client holds after the last frame sent to it; the next refresh sends only what differs. */
  sent: FullFrame | undefined;
}

/** One backend request and the subscriptions waiting for its answer. */
interface SharedRequest {
  key: string;
  promise: Promise<QueryResult>;
  controller: AbortController;
  waiting: Set<Subscription>;
  settled: boolean;
  start: number;
  end: number;
  stepSeconds: number;
  /** The answer on its step grid, built once for every subscription it serves (null: not on the grid). */
  frame?: FullFrame | null;
}

/** How long an answer is kept for consoles refreshing a moment apart to share it. */
const SHARE_ANSWER_MS = 1000;

/**
 * Re-runs each client's live queries on their refresh interval and pushes the results.
 * Two consoles on the same dashboard (a desk and a wall) share one backend request per
 * refresh: identical queries aligned to the same step are answered from one promise.
 * A request nobody waits for any more (its last subscriber left, or the hub closed) is
 * aborted, so the backend stops working on it.
 */
export class LiveQueryHub {
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly inFlight = new Map<string, SharedRequest>();
  private readonly expiries = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;
  /** Frame numbers; one counter for the hub, so a number never names two different frames. */
  private seq = 0;

  constructor(
    private readonly sources: SourceSet,
    private readonly now: () => number = Date.now,
  ) {}

  set(client: ClientSession, queries: readonly LiveQuery[]): number {
    this.clear(client.id);
    if (this.closed) return 0;
    const subs: Subscription[] = queries.map((query) => ({ client, query, timer: undefined, cancelled: false, waitingOn: undefined, sent: undefined }));
    this.subscriptions.set(client.id, subs);
    for (const sub of subs) void this.run(sub);
    return subs.length;
  }

  clear(clientId: string): void {
    for (const sub of this.subscriptions.get(clientId) ?? []) {
      sub.cancelled = true;
      clearTimeout(sub.timer);
      this.release(sub);
    }
    this.subscriptions.delete(clientId);
  }

  close(): void {
    this.closed = true;
    for (const clientId of [...this.subscriptions.keys()]) this.clear(clientId);
    for (const request of this.inFlight.values()) if (!request.settled) request.controller.abort();
    this.inFlight.clear();
    for (const timer of this.expiries) clearTimeout(timer);
    this.expiries.clear();
  }

  private async run(sub: Subscription): Promise<void> {
    const { query, client } = sub;
    const at = this.now();
    let payload: EventOf<'queryResult'>;
    try {
      const request = this.request(query, at);
      request.waiting.add(sub);
      sub.waitingOn = request;
      const result = await request.promise;
      const full = this.frameOf(request, result);
      // Off the step grid it travels whole; the next refresh then starts from a full frame.
      payload = full ? { queryId: query.id, frame: diffFrames(sub.sent, full), at } : { queryId: query.id, result, at };
      sub.sent = full;
    } catch (error) {
      payload = { queryId: query.id, error: errorMessage(error), at };
      sub.sent = undefined;
    } finally {
      sub.waitingOn?.waiting.delete(sub);
      sub.waitingOn = undefined;
    }
    if (sub.cancelled) return;
    client.send({ event: 'queryResult', payload });
    sub.timer = setTimeout(() => void this.run(sub), query.refreshSeconds * 1000);
    sub.timer.unref?.();
  }

  private frameOf(request: SharedRequest, result: QueryResult): FullFrame | undefined {
    if (request.frame === undefined) {
      const stepMs = request.stepSeconds * 1000;
      request.frame = toFullFrame(result, request.start, stepMs, pointsPerSeries(request.start, request.end, request.stepSeconds), (this.seq += 1)) ?? null;
    }
    return request.frame ?? undefined;
  }

  /** Stops waiting; when nobody else waits for that request, it is aborted. */
  private release(sub: Subscription): void {
    const request = sub.waitingOn;
    if (!request) return;
    request.waiting.delete(sub);
    sub.waitingOn = undefined;
    if (request.waiting.size > 0 || request.settled) return;
    request.controller.abort();
    if (this.inFlight.get(request.key) === request) this.inFlight.delete(request.key);
  }

  private request(query: LiveQuery, at: number): SharedRequest {
    // The panel's step, coarsened if the range would pass 11,000 points (Prometheus refuses
    // more), and both ends on multiples of it: points stay on the same instants between
    // refreshes, identical subscriptions share a request, and query caches can answer it.
    const stepSeconds = withinPointLimit(query.rangeSeconds, query.stepSeconds);
    const { start, end } = alignedWindow(at, query.rangeSeconds, stepSeconds);
    const key = JSON.stringify([query.source ?? '', query.expr, start, end, stepSeconds]);
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const { capability } = this.sources.pick('metrics', query.source);
    const controller = new AbortController();
    const request: SharedRequest = {
      key,
      controller,
      waiting: new Set(),
      settled: false,
      start,
      end,
      stepSeconds,
      promise: capability.queryRange({ source: query.source, expr: query.expr, start, end, stepSeconds }, controller.signal),
    };
    const forget = () => {
      request.settled = true;
      if (controller.signal.aborted) return;
      const expiry = setTimeout(() => {
        this.expiries.delete(expiry);
        if (this.inFlight.get(key) === request) this.inFlight.delete(key);
      }, SHARE_ANSWER_MS);
      expiry.unref?.();
      this.expiries.add(expiry);
    };
    request.promise.then(forget, forget);
    this.inFlight.set(key, request);
    return request;
  }
}
