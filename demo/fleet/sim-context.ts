import type { HttpCode } from './catalog';
import type { FleetObserver } from './events';
import type { DemoLogLine } from './log-store';
import type { Random } from './random';
import { rpcSpans, type ZipkinSpan } from './zipkin';

/** What one simulated request needs from the fleet. */
export interface SimContext {
  rng: Random;
  observer: FleetObserver;
  /** False while backfilling history older than the trace and log stores would keep. */
  detail: boolean;
  /** How many real events the one being simulated stands for (1 except in a sampled backfill). */
  weight: number;
  addTrace(spans: ZipkinSpan[]): void;
  addLog(line: Omit<DemoLogLine, 'nanos'>): void;
}

/** One hop of a call chain, from the server's point of view. */
export interface Hop {
  client: string;
  server: string;
  name: string;
  route: string;
  code: HttpCode;
  serverError?: string;
  /** The caller stops waiting after this many µs (its span ends in error). */
  clientTimeoutUs?: number;
  /** Median one-way network delay in µs. */
  netUs?: number;
}

/**
 * Builds nested RPCs outward from the innermost work, so every CS < SR < SS < CR is real,
 * records the RED metrics of each server, and keeps the spans when detail is on.
 */
export class TraceBuilder {
  readonly traceId: string;
  readonly spans: ZipkinSpan[] = [];

  constructor(private readonly ctx: SimContext) {
    this.traceId = ctx.rng.hexId();
  }

  /** Span ids cost a string each; without detail nobody will read them. */
  newId(): string {
    return this.ctx.detail ? this.ctx.rng.hexId() : '';
  }

  net(medianUs = 2500): number {
    return this.ctx.rng.logNormal(medianUs, 0.5);
  }

  work(medianUs = 3000): number {
    return this.ctx.rng.logNormal(medianUs, 0.5);
  }

  /** Runs hops[i..] starting at client send `cs`; `inner` does the last server's own work and returns when it ends. Returns CR. */
  chain(hops: readonly Hop[], i: number, parentId: string, cs: number, inner: (start: number, parentId: string) => number): number {
    const hop = hops[i];
    if (!hop) return inner(cs, parentId);
    const id = this.newId();
    const sr = cs + this.net(hop.netUs);
    const ss =
      i + 1 < hops.length
        ? this.chain(hops, i + 1, id, sr + this.work(), inner) + this.work()
        : inner(sr + this.work() / 2, id) + this.work() / 2;
    let cr = ss + this.net(hop.netUs);
    let clientError: string | undefined;
    if (hop.clientTimeoutUs !== undefined && cr - cs > hop.clientTimeoutUs) {
      cr = cs + hop.clientTimeoutUs;
      clientError = `timeout after ${Math.round(hop.clientTimeoutUs / 1e6)}s waiting for ${hop.server}`;
    }
    this.ctx.observer.http(hop.server, hop.route, hop.code, (ss - sr) / 1e6, this.traceId, this.ctx.weight);
    if (this.ctx.detail) {
      this.spans.push(
        ...rpcSpans(this.traceId, {
          id,
          parentId,
          client: hop.client,
          server: hop.server,
          name: hop.name,
          cs: Math.round(cs),
          sr: Math.round(sr),
          ss: Math.round(ss),
          cr: Math.round(cr),
          tags: { 'http.route': hop.route, 'http.status_code': hop.code },
          ...(clientError ? { clientError } : {}),
          ...(hop.serverError ? { serverError: hop.serverError } : {}),
        }),
      );
    }
    return cr;
  }

  /** A span with no remote half: local work, or a call to something not instrumented. */
  single(span: Omit<ZipkinSpan, 'traceId'>): void {
    if (this.ctx.detail) this.spans.push({ traceId: this.traceId, ...span, timestamp: Math.round(span.timestamp), duration: Math.max(1, Math.round(span.duration)) });
  }

  finish(): void {
    if (this.ctx.detail) this.ctx.addTrace(this.spans);
  }
}
