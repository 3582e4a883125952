import type { Alert, EventOf } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';
import { withAcknowledgements } from './acknowledgements';

export interface AlertSnapshot {
  alerts: Alert[];
  fetchedAt: number;
  /** Set when at least one source failed; its alerts are the last ones it gave. */
  error?: string;
  complete: boolean;
}

/** What the `alerts` event carries of a snapshot. */
export function alertsPayload(snapshot: AlertSnapshot): EventOf<'alerts'> {
  return { alerts: snapshot.alerts, fetchedAt: snapshot.fetchedAt, ...(snapshot.error ? { error: snapshot.error } : {}) };
}

/**
 * Polls every alert source on an interval. A source that fails keeps its last known
 * alerts and the snapshot says so: unknown is never shown as resolved. Stopping aborts
 * a poll in flight, and its late answer is not passed on.
 */
export class AlertPoller {
  private last = new Map<string, Alert[]>();
  private snapshot: AlertSnapshot = { alerts: [], fetchedAt: 0, complete: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<AlertSnapshot> | undefined;
  private stopped = false;
  private controller = new AbortController();

  constructor(
    private readonly sources: SourceSet,
    private readonly intervalMs: number,
    private readonly onSnapshot: (snapshot: AlertSnapshot) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    if (this.controller.signal.aborted) this.controller = new AbortController();
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.controller.abort();
  }

  current(): AlertSnapshot {
    return this.snapshot;
  }

  /** Polls now (sharing a poll already under way) — used after an acknowledgement. */
  poll(): Promise<AlertSnapshot> {
    this.running ??= this.pollOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.poll();
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.loop(), this.intervalMs);
    this.timer.unref?.();
  }

  private async pollOnce(): Promise<AlertSnapshot> {
    const errors: string[] = [];
    const { signal } = this.controller;
    const results = await Promise.all(
      this.sources.all('alerts').map(async ({ source, capability }) => {
        try {
          const [alerts, silences] = await Promise.all([capability.listAlerts(signal), capability.listSilences(signal)]);
          const merged = withAcknowledgements(alerts, silences);
          this.last.set(source.id, merged);
          return merged;
        } catch (error) {
          errors.push(`${source.name}: ${errorMessage(error)}`);
          return this.last.get(source.id) ?? [];
        }
      }),
    );
    if (signal.aborted) return this.snapshot;
    this.snapshot = {
      alerts: results.flat().sort((a, b) => b.startsAt - a.startsAt),
      fetchedAt: this.now(),
      complete: errors.length === 0,
      ...(errors.length ? { error: errors.join('; ') } : {}),
    };
    this.onSnapshot(this.snapshot);
    return this.snapshot;
  }
}
