import { type Alert, type AlertingHealth, type EventOf, type Silence, WATCHDOG_ALERTNAME } from '../../shared';
import { isNoteAlert } from '../../shared/incident/notes';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';
import { withAcknowledgements } from './acknowledgements';
import { mergeSourceAlerts } from './merge-sources';

export interface AlertSnapshot {
  /** What people see: every alert but the watchdog and notes. */
  alerts: Alert[];
  /** Notes on incidents (`LockstepNote` alerts, shared/incident/notes.ts): never an alert anyone sees as firing. */
  notes: Alert[];
  /** Every silence the alert sources list (active, pending and recently expired). */
  silences: Silence[];
  fetchedAt: number;
  /** Set when at least one source failed; its alerts are the last ones it gave. */
  error?: string;
  complete: boolean;
  /** Whether alerting can be trusted now; blind is never an all-clear. */
  health: AlertingHealth;
}

/** What the `alerts` event carries of a snapshot. */
export function alertsPayload(snapshot: AlertSnapshot, unchanged = false): EventOf<'alerts'> {
  return {
    ...(unchanged ? {} : { alerts: snapshot.alerts }),
    fetchedAt: snapshot.fetchedAt,
    ...(snapshot.error ? { error: snapshot.error } : {}),
    health: snapshot.health,
  };
}

export interface AlertPollerOptions {
  now?: () => number;
  /** The always-firing alert's name; its absence from a source that answers means Prometheus → Alertmanager is broken. */
  watchdog?: string;
  /** A source that never showed the watchdog is blind once it has answered for this long (the first rule evaluations). */
  watchdogGraceMs?: number;
  /** Other reasons alerting is blind (Prometheus not answering), asked at each poll. */
  otherBlindness?: () => string[];
}

/**
 * Polls every alert source on an interval. A source that fails keeps its last known
 * alerts and the snapshot says so: unknown is never shown as resolved. Stopping aborts
 * a poll in flight, and its late answer is not passed on.
 */
export class AlertPoller {
  private last = new Map<string, { alerts: Alert[]; silences: Silence[] }>();
  private snapshot: AlertSnapshot = { alerts: [], notes: [], silences: [], fetchedAt: 0, complete: false, health: { blind: false, reasons: [] } };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<AlertSnapshot> | undefined;
  private stopped = false;
  private controller = new AbortController();
  private readonly firstAnswerAt = new Map<string, number>();
  private readonly watchdogSeen = new Set<string>();
  private blindSince: number | undefined;
  private readonly silenceSources = new Map<string, string>();
  private readonly now: () => number;

  constructor(
    private readonly sources: SourceSet,
    private readonly intervalMs: number,
    private readonly onSnapshot: (snapshot: AlertSnapshot) => void,
    options: AlertPollerOptions | (() => number) = {},
  ) {
    this.options = typeof options === 'function' ? { now: options } : options;
    this.now = this.options.now ?? Date.now;
  }

  private readonly options: AlertPollerOptions;

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

  /** The alert source a silence was listed by. */
  sourceOfSilence(silenceId: string): string | undefined {
    return this.silenceSources.get(silenceId);
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
    const reasons: string[] = [];
    const { signal } = this.controller;
    const watchdog = this.options.watchdog ?? WATCHDOG_ALERTNAME;
    const polled = this.sources.all('alerts');
    const results = await Promise.all(
      polled.map(async ({ source, capability }) => {
        try {
          const [alerts, silences] = await Promise.all([capability.listAlerts(signal), capability.listSilences(signal)]);
          const merged = { alerts: withAcknowledgements(alerts, silences), silences };
          for (const s of silences) this.silenceSources.set(s.id, source.id);
          this.last.set(source.id, merged);
          const at = this.now();
          if (!this.firstAnswerAt.has(source.id)) this.firstAnswerAt.set(source.id, at);
          const hasWatchdog = alerts.some((a) => a.state === 'firing' && (a.labels.alertname ?? a.name) === watchdog);
          if (hasWatchdog) this.watchdogSeen.add(source.id);
          else if (this.watchdogSeen.has(source.id) || at - this.firstAnswerAt.get(source.id)! >= (this.options.watchdogGraceMs ?? 120_000)) {
            reasons.push(`${source.name} has no ${watchdog} alert: Prometheus is not reaching it`);
          }
          return merged;
        } catch (error) {
          errors.push(`${source.name}: ${errorMessage(error)}`);
          reasons.push(`${source.name} does not answer: ${errorMessage(error)}`);
          return this.last.get(source.id) ?? { alerts: [], silences: [] };
        }
      }),
    );
    if (signal.aborted) return this.snapshot;
    reasons.push(...(this.options.otherBlindness?.() ?? []));
    const fetchedAt = this.now();
    const blind = reasons.length > 0;
    this.blindSince = blind ? (this.blindSince ?? fetchedAt) : undefined;
    // Several sources listing one alert show it once (merge-sources.ts); actions go to the first that lists it.
    const listed = mergeSourceAlerts(results.map((r, i) => ({ sourceId: polled[i]!.source.id, alerts: r.alerts }))).filter((a) => (a.labels.alertname ?? a.name) !== watchdog);
    this.snapshot = {
      alerts: listed.filter((a) => !isNoteAlert(a)).sort((a, b) => b.startsAt - a.startsAt),
      notes: listed.filter(isNoteAlert),
      silences: results.flatMap((r) => r.silences),
      fetchedAt,
      complete: errors.length === 0,
      ...(errors.length ? { error: errors.join('; ') } : {}),
      health: { blind, ...(this.blindSince !== undefined ? { since: this.blindSince } : {}), reasons, ...(errors.length ? { alertSourceDown: true } : {}) },
    };
    this.onSnapshot(this.snapshot);
    return this.snapshot;
  }
}
