import type { QueryRangeRequest, QueryResult } from '../../shared';
import { Fleet } from '../fleet/fleet';
import type { StatsSnapshot } from '../fleet/stats';
import { alertRules, recordingRules } from '../rules';
import { DEFAULT_POLICY, type EscalationPolicy } from '../../shared/escalation';
import { AlertEvaluator } from './alerts';
import { EmbeddedEscalations } from './escalations';
import { ExemplarStore } from './exemplars';
import { LastSeenHistory, LastSeenQueryError, parseLastSeenTopk, MAX_TOPK } from './last-seen-topk';
import { evaluateRecordingRules, RATE_WINDOW_MS } from './recording';
import { splitOffset } from './offset';
import { parseInstantSelector, selectorMatches } from './selector';
import { SeriesRing } from './series-ring';
import { SilenceStore } from './silences';
import { isWeekHistorySeries, synthesiseHistory, WEEK_HISTORY_MS } from './week-history';

export interface EmbeddedFleetOptions {
  sourceId: string;
  locks?: number;
  seed?: number;
  scheduledIncidents?: boolean;
  now?: () => number;
  /** Run a 1 s timer that keeps the fleet at now() (default true). */
  autoStart?: boolean;
  evalIntervalMs?: number;
  backfillMs?: number;
  /**
   * How much of the backfill is simulated in full (every event, with its traces, logs and
   * exemplars); the rest is sampled coarsely. Default 2 minutes, so the demo starts in a
   * second or two; the wall soak asks for the whole window, as a wall meets a fleet that has
   * been running a while (scripts/bench/wall-soak.ts).
   */
  detailedBackfillMs?: number;
  retentionMs?: number;
  unlocksPerSecond?: number;
  /** A fixed demand factor in place of the time-of-day curve (demo/fleet/fleet.ts): a soak that should see the same traffic at any hour. */
  demand?: number;
  /** Scripted incidents begun while the history is simulated, `agoMs` before now (0: at now, as a trigger would). */
  startIncidents?: { names: readonly string[]; agoMs: number };
  /** The escalation policy its engine runs, as the stack's Prometheus and Alertmanager would (default: the demo fleet's). */
  policy?: EscalationPolicy;
}

/** A query the embedded source cannot answer; the message names what it can. */
export class UnsupportedQueryError extends Error {}

const MAX_POINTS = 11_000;
/** The recorded series whose histogram carries trace exemplars, and how many reach a panel (as services/datasources/prometheus-exemplars.ts). */
const EXEMPLAR_SERIES = 'service:http_server_request_duration_seconds:p95_rate1m';
const MAX_EXEMPLARS = 400;
/** Backfill older than this is simulated coarsely (unless asked otherwise): sampled events, no traces or logs. */
const DETAILED_BACKFILL_MS = 2 * 60_000;
const COARSE_STEP_MS = 30_000;
const COARSE_SAMPLING = 4;

/**
 * The fleet plus what a Prometheus and an Alertmanager would add: recording rules evaluated
 * every interval into bounded rings, alert rules with `for:`, and silences.
 */
export class EmbeddedFleet {
  readonly fleet: Fleet;
  readonly ring: SeriesRing;
  readonly silences: SilenceStore;
  readonly alerts: AlertEvaluator;
  readonly escalations: EmbeddedEscalations;
  readonly exemplars = new ExemplarStore();
  /** The most silent locks at each evaluation, for topk over lock_last_seen_timestamp_seconds. */
  readonly lastSeen: LastSeenHistory;
  readonly evalIntervalMs: number;
  private readonly now: () => number;
  private readonly window: StatsSnapshot[] = [];
  private nextEvalAt: number;
  /** Where the simulated history begins: earlier funnel samples come from the synthesised week (week-history.ts). */
  private readonly historyFrom: number;
  private readonly seed: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: EmbeddedFleetOptions) {
    this.now = options.now ?? Date.now;
    this.evalIntervalMs = options.evalIntervalMs ?? 5000;
    const retention = options.retentionMs ?? 6 * 3_600_000;
    this.ring = new SeriesRing(Math.ceil(retention / this.evalIntervalMs) + 1);
    this.lastSeen = new LastSeenHistory(this.ring.capacity);
    const backfill = options.backfillMs ?? 30 * 60_000;
    const present = this.now();
    const startAt = Math.floor((present - backfill) / this.evalIntervalMs) * this.evalIntervalMs;
    this.fleet = new Fleet({
      locks: options.locks ?? 50_000,
      seed: options.seed ?? 42,
      now: this.now,
      startAt,
      scheduledIncidents: options.scheduledIncidents ?? false,
      ...(options.unlocksPerSecond !== undefined ? { unlocksPerSecond: options.unlocksPerSecond } : {}),
      ...(options.demand !== undefined ? { demand: options.demand } : {}),
    });
    this.fleet.addObserver(this.exemplars);
    this.silences = new SilenceStore(this.now);
    this.escalations = new EmbeddedEscalations(options.policy ?? DEFAULT_POLICY);
    this.alerts = new AlertEvaluator(alertRules, options.sourceId, this.silences, this.escalations, this.now);
    this.nextEvalAt = startAt;
    this.historyFrom = startAt;
    this.seed = options.seed ?? 42;
    this.backfill(present, options.detailedBackfillMs ?? DETAILED_BACKFILL_MS, options.startIncidents);
    if (options.autoStart ?? true) this.start();
  }

  /** Simulates up to `time`, evaluating the rules at every interval boundary on the way. */
  advanceTo(time: number, stepMs = this.evalIntervalMs): void {
    // After a long sleep, skip ahead rather than replay hours.
    if (time - this.fleet.time > 3_600_000) {
      this.fleet.tick(time - 3_600_000 - this.fleet.time);
      this.nextEvalAt = Math.ceil(this.fleet.time / this.evalIntervalMs) * this.evalIntervalMs;
    }
    while (this.nextEvalAt <= time) {
      this.fleet.tick(this.nextEvalAt - this.fleet.time);
      this.evaluate(this.nextEvalAt);
      this.nextEvalAt += stepMs;
    }
    this.fleet.tick(time - this.fleet.time);
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.advanceTo(this.now()), intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  recordedNames(): string[] {
    return recordingRules.map((r) => r.record);
  }

  queryRange(req: QueryRangeRequest): QueryResult {
    const split = splitOffset(req.expr);
    if ('error' in split) throw new UnsupportedQueryError(`${split.error}; the query was "${req.expr}".`);
    let topk;
    try {
      topk = parseLastSeenTopk(split.selector);
    } catch (e) {
      if (e instanceof LastSeenQueryError) throw new UnsupportedQueryError(e.message);
      throw e;
    }
    if (topk && split.offsetMs > 0) throw new UnsupportedQueryError(`The embedded demo keeps no week-old lock heartbeats, so "${req.expr}" cannot be answered; drop the offset.`);
    const sel = topk ? undefined : parseInstantSelector(split.selector);
    if (!topk && (!sel || !this.recordedNames().includes(sel.name))) {
      throw new UnsupportedQueryError(
        `The embedded demo only answers recorded series, optionally with label matchers (e.g. city:lock_online:ratio{city="beijing"}), ` +
          `and topk(N, time() - lock_last_seen_timestamp_seconds{city="…"}) for the most silent locks (N up to ${MAX_TOPK}); ` +
          `"${req.expr}" is not one of them. Recorded series: ${this.recordedNames().join(', ')}.`,
      );
    }
    const stepMs = req.stepSeconds * 1000;
    if ((req.end - req.start) / stepMs + 1 > MAX_POINTS) {
      throw new UnsupportedQueryError(`That range at a ${req.stepSeconds}s step would be more than ${MAX_POINTS} points per series; use a larger step.`);
    }
    if (req.end < req.start) throw new UnsupportedQueryError('The query ends before it starts.');
    this.advanceTo(Math.min(this.now(), Math.max(this.fleet.time, req.end)));
    if (topk) return { series: this.lastSeen.query(topk, req.start, req.end, stepMs), fetchedAt: this.now(), warnings: [] };
    if (!sel) throw new UnsupportedQueryError(`"${req.expr}" is not a query the embedded demo answers.`);
    if (split.offsetMs > 0) return this.queryOffset(sel, req, split.offsetMs);
    const series = this.ring
      .all()
      .filter((s) => selectorMatches(sel, s.name, s.labels))
      .map((s) => ({ name: s.name, labels: { ...s.labels }, ...this.ring.sample(s, req.start, req.end, stepMs) }));
    const exemplars = sel.name === EXEMPLAR_SERIES ? this.exemplarsFor(series.map((s) => s.labels.service), req.start, req.end) : [];
    return { series, fetchedAt: this.now(), warnings: [], ...(exemplars.length > 0 ? { exemplars } : {}) };
  }

  /**
   * `selector offset d`, as Prometheus answers it: the samples of [start − d, end − d] at the
   * unshifted times. Times before the simulation began come from the synthesised quiet week
   * for the funnel series (so the scripted incidents of this run are never in a baseline),
   * and are missing for the others, with a warning saying so.
   */
  private queryOffset(sel: NonNullable<ReturnType<typeof parseInstantSelector>>, req: QueryRangeRequest, offsetMs: number): QueryResult {
    const stepMs = req.stepSeconds * 1000;
    const shift = (times: number[]) => times.map((t) => t + offsetMs);
    const fromRing = this.ring
      .all()
      .filter((s) => selectorMatches(sel, s.name, s.labels))
      .map((s) => {
        const sampled = this.ring.sample(s, req.start - offsetMs, req.end - offsetMs, stepMs);
        return { name: s.name, labels: { ...s.labels }, times: shift(sampled.times), values: sampled.values };
      });
    const warnings: string[] = [];
    const series = [...fromRing];
    if (req.start - offsetMs < this.historyFrom) {
      if (!isWeekHistorySeries(sel.name)) {
        warnings.push(`The embedded demo has ${sel.name} only since ${new Date(this.historyFrom).toISOString()}; a week of history is synthesised for the funnel series only.`);
      } else if (this.historyFrom - (req.start - offsetMs) > WEEK_HISTORY_MS) {
        warnings.push(`The embedded demo synthesises ${WEEK_HISTORY_MS / 86_400_000} days of funnel history; samples older than that are missing.`);
      }
      if (isWeekHistorySeries(sel.name)) {
        const oldest = this.historyFrom - WEEK_HISTORY_MS;
        const past = synthesiseHistory(sel.name, this.seed, this.fleet.unlocksPerSecond, req.start - offsetMs, req.end - offsetMs, stepMs);
        for (const h of past) {
          if (!selectorMatches(sel, h.name, h.labels)) continue;
          const values = h.values.map((v, i) => ((h.times[i] ?? 0) < this.historyFrom && (h.times[i] ?? 0) >= oldest ? v : null));
          const live = series.find((s) => s.name === h.name && sameLabels(s.labels, h.labels));
          if (live) live.values = live.values.map((v, i) => v ?? values[i] ?? null);
          else series.push({ name: h.name, labels: { ...h.labels }, times: shift(h.times), values });
        }
      }
    }
    return { series: series.filter((s) => s.values.some((v) => v !== null)), fetchedAt: this.now(), warnings };
  }

  /**
   * As the services' Prometheus connector gives them for this series: the latency
   * histogram's exemplars of the services drawn, the slowest of each time slot per service.
   */
  private exemplarsFor(services: (string | undefined)[], start: number, end: number) {
    const wanted = new Set(services);
    // Only exemplars whose trace the demo still holds: its trace store keeps the latest 20,000, and a dot must open.
    const all = this.exemplars.between(start, end, (labels) => wanted.has(labels.service)).filter((e) => this.fleet.traces.get(e.traceId!) !== undefined);
    const perService = Math.max(1, Math.floor(MAX_EXEMPLARS / Math.max(1, wanted.size)));
    const slotMs = Math.max(1, (end - start) / perService);
    const kept = new Map<string, (typeof all)[number]>();
    for (const e of all) {
      const key = `${e.seriesLabels.service}\u0000${Math.floor((e.time - start) / slotMs)}`;
      const previous = kept.get(key);
      if (!previous || e.value > previous.value) kept.set(key, e);
    }
    return [...kept.values()].sort((a, b) => a.time - b.time);
  }

  private evaluate(time: number): void {
    const snap = this.fleet.stats.snapshot(time);
    this.window.push(snap);
    while (this.window.length > 0 && (this.window[0]?.time ?? 0) < time - RATE_WINDOW_MS) this.window.shift();
    const earlier = this.window[0] !== snap ? this.window[0] : undefined;
    const samples = evaluateRecordingRules(this.fleet, snap, earlier);
    this.ring.append(time, samples);
    this.lastSeen.record(time, this.fleet.locks);
    this.exemplars.scrape(time);
    this.alerts.evaluate(time, samples);
  }

  private backfill(present: number, detailedMs: number, incidents?: { names: readonly string[]; agoMs: number }): void {
    const detailedFrom = present - detailedMs;
    // The incidents begin on their instant of the simulated history, so its charts show them start.
    const startsAt = incidents && incidents.names.length > 0 ? Math.max(this.fleet.time, present - incidents.agoMs) : undefined;
    const begin = () => {
      for (const name of incidents?.names ?? []) this.fleet.triggerIncident(name);
    };
    this.fleet.detail = false;
    this.fleet.sampling = COARSE_SAMPLING;
    if (startsAt !== undefined && startsAt < detailedFrom) {
      this.advanceTo(startsAt, COARSE_STEP_MS);
      begin();
    }
    this.advanceTo(Math.floor(detailedFrom / this.evalIntervalMs) * this.evalIntervalMs, COARSE_STEP_MS);
    this.nextEvalAt = Math.ceil(this.fleet.time / this.evalIntervalMs) * this.evalIntervalMs;
    this.fleet.detail = true;
    this.fleet.sampling = 1;
    if (startsAt !== undefined && startsAt >= detailedFrom) {
      this.advanceTo(startsAt);
      begin();
    }
    this.advanceTo(present);
  }
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
