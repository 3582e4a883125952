import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

/** How often each Prometheus is asked a trivial query while nothing else asks it anything. */
export const PROBE_INTERVAL_MS = 2_000;
/** Failed probes in a row before alerting counts as blind: one lost packet is not an outage. */
const FAILURES_BEFORE_BLIND = 2;

/**
 * Prometheus evaluates the alerting rules: if it does not answer, nothing new can fire, so
 * alerting is blind — and a wall with no panel refreshing would otherwise learn it only
 * when the Watchdog lapses in Alertmanager (minutes, with Prometheus's default resend
 * delay). Each Prometheus source is asked `vector(1)` every couple of seconds (through the
 * observed source, so its health in the header moves too); two failures in a row make a
 * blindness reason, the first answer clears it.
 */
export class PrometheusProbe {
  private readonly failures = new Map<string, { count: number; error: string }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly sources: SourceSet,
    private readonly ids: ReadonlySet<string>,
    private readonly now: () => number,
    private readonly intervalMs = PROBE_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.ids.size === 0 || this.timer || this.stopped) return;
    const loop = async () => {
      await this.probeAll();
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.intervalMs);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
  }

  /** "Prometheus (local stack) does not answer: …" for each that failed twice in a row. */
  reasons(names: (id: string) => string): string[] {
    return [...this.failures.entries()].filter(([, f]) => f.count >= FAILURES_BEFORE_BLIND).map(([id, f]) => `${names(id)} does not answer: ${f.error}`);
  }

  /** One round: every Prometheus once, concurrently. Exposed for tests. */
  async probeAll(): Promise<void> {
    await Promise.all(
      [...this.ids].map(async (id) => {
        let metrics;
        try {
          metrics = this.sources.pick('metrics', id).capability;
        } catch {
          return;
        }
        const at = Math.floor(this.now() / 1000) * 1000;
        try {
          await metrics.queryRange({ expr: 'vector(1)', start: at, end: at, stepSeconds: 1 }, this.abort.signal);
          this.failures.delete(id);
        } catch (error) {
          if (this.stopped) return;
          const previous = this.failures.get(id);
          this.failures.set(id, { count: (previous?.count ?? 0) + 1, error: errorMessage(error) });
        }
      }),
    );
  }
}
