import type { LiveQuery, QueryResult } from '../../shared';
import type { ClientSession } from '../core/client';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

interface Subscription {
  client: ClientSession;
  query: LiveQuery;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Aborts the run in flight when the subscription is replaced. */
  abort: AbortController | undefined;
}

/**
 * Re-runs each client's live queries on their refresh interval and pushes the results.
 * Two consoles on the same dashboard (a desk and a wall) share one backend request per
 * refresh: identical queries aligned to the same step are answered from one promise.
 */
export class LiveQueryHub {
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly inFlight = new Map<string, Promise<QueryResult>>();

  constructor(
    private readonly sources: SourceSet,
    private readonly now: () => number = Date.now,
  ) {}

  set(client: ClientSession, queries: readonly LiveQuery[]): number {
    this.clear(client.id);
    const subs = queries.map((query) => ({ client, query, timer: undefined, abort: undefined }) as Subscription);
    this.subscriptions.set(client.id, subs);
    for (const sub of subs) void this.run(sub);
    return subs.length;
  }

  clear(clientId: string): void {
    for (const sub of this.subscriptions.get(clientId) ?? []) {
      clearTimeout(sub.timer);
      sub.abort?.abort();
    }
    this.subscriptions.delete(clientId);
  }

  close(): void {
    for (const clientId of [...this.subscriptions.keys()]) this.clear(clientId);
  }

  private async run(sub: Subscription): Promise<void> {
    const { query, client } = sub;
    sub.abort = new AbortController();
    const at = this.now();
    try {
      const result = await this.fetch(query, at);
      if (sub.abort.signal.aborted) return;
      client.send({ event: 'queryResult', payload: { queryId: query.id, result, at } });
    } catch (error) {
      if (sub.abort.signal.aborted) return;
      client.send({ event: 'queryResult', payload: { queryId: query.id, error: errorMessage(error), at } });
    }
    if (this.subscriptions.get(client.id)?.includes(sub)) {
      sub.timer = setTimeout(() => void this.run(sub), query.refreshSeconds * 1000);
      sub.timer.unref?.();
    }
  }

  private fetch(query: LiveQuery, at: number): Promise<QueryResult> {
    const stepMs = query.stepSeconds * 1000;
    // Aligning the window to the step keeps points stable between refreshes and lets
    // identical subscriptions share a request.
    const end = Math.floor(at / stepMs) * stepMs;
    const start = end - query.rangeSeconds * 1000;
    const key = JSON.stringify([query.source ?? '', query.expr, start, end, query.stepSeconds]);
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const { capability } = this.sources.pick('metrics', query.source);
    const promise = capability
      .queryRange({ source: query.source, expr: query.expr, start, end, stepSeconds: query.stepSeconds })
      .finally(() => {
        // Keep the answer briefly so consoles refreshing a moment apart share it.
        setTimeout(() => this.inFlight.delete(key), 1000).unref?.();
      });
    this.inFlight.set(key, promise);
    return promise;
  }
}
