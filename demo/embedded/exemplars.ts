import type { Exemplar } from '../../shared';
import { HTTP_BUCKETS, bucketIndex, routeIndex } from '../fleet/catalog';
import type { FleetObserver } from '../fleet/events';

/** What a Prometheus keeps by default (--storage.exemplars.exemplars-limit is 100k); the demo keeps fewer. */
const MAX_STORED = 20_000;
const METRIC = 'http_server_request_duration_seconds_bucket';

/**
 * The exemplars a Prometheus would store from the fleet's exporter: the exporter keeps the
 * latest observation of each bucket of `http_server_request_duration_seconds` with its
 * trace id, and each scrape (here: each rule evaluation) stores the ones that changed.
 */
export class ExemplarStore implements FleetObserver {
  private readonly latest = new Map<string, { labels: Record<string, string>; value: number; traceId: string; changed: boolean }>();
  private readonly stored: Exemplar[] = [];

  unlock(): void {}
  funnel(): void {}
  payment(): void {}

  http(service: string, route: string, _code: string, seconds: number, traceId: string): void {
    // A sampled backfill has no traces to open: nothing to keep.
    if (!traceId || routeIndex(service, route) < 0) return;
    const b = bucketIndex(HTTP_BUCKETS, seconds);
    const le = b < HTTP_BUCKETS.length ? String(HTTP_BUCKETS[b]) : '+Inf';
    const key = `${service}\u0000${route}\u0000${le}`;
    this.latest.set(key, { labels: { __name__: METRIC, service, route, le }, value: seconds, traceId, changed: true });
  }

  /** A scrape at `time`: stores each bucket's exemplar that is new since the last one. */
  scrape(time: number): void {
    for (const entry of this.latest.values()) {
      if (!entry.changed) continue;
      entry.changed = false;
      this.stored.push({ seriesLabels: entry.labels, time, value: entry.value, traceId: entry.traceId });
    }
    if (this.stored.length > MAX_STORED) this.stored.splice(0, this.stored.length - MAX_STORED);
  }

  /** Stored exemplars in [start, end] whose series labels pass `keep`, oldest first. */
  between(start: number, end: number, keep: (labels: Record<string, string>) => boolean): Exemplar[] {
    return this.stored.filter((e) => e.time >= start && e.time <= end && keep(e.seriesLabels));
  }
}
