import { CHANNELS, CITIES, CITY_WEIGHTS, FIRMWARES, MODELS, PROVIDERS, PROVIDER_WEIGHTS, type City } from './catalog';
import { Deployer } from './deployer';
import type { FleetObserver } from './events';
import { INCIDENT_NAMES, Incidents, type ActiveIncident } from './incidents';
import { LockTable, lockId } from './locks';
import { LogStore, type DemoLogLine } from './log-store';
import { simulatePayment } from './payment';
import { Random } from './random';
import type { SimContext } from './sim-context';
import { FleetStats } from './stats';
import { TraceStore } from './trace-store';
import { simulateUnlock } from './unlock';
import type { ZipkinSpan } from './zipkin';
import { FanoutObserver, demandFactor, isDaylight } from './fleet-helpers';

export interface FleetOptions {
  locks?: number;
  seed?: number;
  /** The clock; defaults to Date.now. Ticks advance the fleet's own time. */
  now?: () => number;
  /** Where the fleet's time starts (default now()); earlier for a backfill. */
  startAt?: number;
  scheduledIncidents?: boolean;
  /** Gap between scheduled incidents in ms, drawn uniformly (default 20–30 min). */
  incidentGapMs?: [number, number];
  /** Unlock requests per second at the busiest hours' base level (default locks × 0.0004). */
  unlocksPerSecond?: number;
  /**
   * A fixed demand factor in place of the time-of-day curve (0.25 at night to about 1.7 at the
   * evening peak): tests get the same traffic at any hour of the day they run.
   */
  demand?: number;
  traceCapacity?: number;
  logCapacity?: number;
  /** Each lock's heartbeat period (default 30 s); three missed beats count offline. The fast stack shortens it as it shortens rate windows. */
  heartbeatMs?: number;
}

type Event = { kind: 'unlock'; time: number; city: number } | { kind: 'end'; time: number; lock: number };

/** Share of riders that move on to the next funnel step, before the unlock itself. */
const P_SCAN = 0.78;
const P_REQUEST = 0.93;
const P_RIDE_START = 0.985;
const RIDE_MEDIAN_MS = 12 * 60_000;
const RIDE_SIGMA = 0.6;
const BLE_SHARE = 0.35;
/** Catching up after the process slept: simulate at most this much in one go. */
const MAX_CATCH_UP_MS = 60 * 60_000;

/** A bike-share operation, deterministic for a seed and a clock; drive it with tick(dtMs). */
export class Fleet {
  readonly now: () => number;
  readonly rng: Random;
  readonly locks: LockTable;
  readonly stats = new FleetStats();
  readonly traces: TraceStore;
  readonly logs: LogStore;
  readonly deployer: Deployer;
  readonly incidents: Incidents;
  readonly incidentNames = INCIDENT_NAMES;
  readonly unlocksPerSecond: number;
  private readonly fixedDemand: number | undefined;
  private t: number;
  private readonly fanout: FanoutObserver;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly ctx: SimContext;
  private sampleEvery = 1;
  /** The sampling weight each ride started with, so its payment counts the same. */
  private readonly rideWeight: Uint8Array;

  constructor(options: FleetOptions = {}) {
    this.now = options.now ?? Date.now;
    this.t = options.startAt ?? this.now();
    this.rng = new Random(options.seed ?? 42);
    const size = options.locks ?? 50_000;
    this.locks = new LockTable(size, this.rng, this.t, options.heartbeatMs);
    this.rideWeight = new Uint8Array(size);
    this.unlocksPerSecond = options.unlocksPerSecond ?? size * 0.0004;
    this.fixedDemand = options.demand;
    this.traces = new TraceStore(options.traceCapacity ?? 20_000);
    this.logs = new LogStore(options.logCapacity ?? 50_000);
    this.deployer = new Deployer(() => this.t);
    this.fanout = new FanoutObserver([this.stats]);
    this.ctx = {
      rng: this.rng,
      observer: this.fanout,
      detail: true,
      weight: 1,
      addTrace: (spans: ZipkinSpan[]) => this.traces.add(spans),
      addLog: (line) => this.addLog(line),
    };
    const [minGap, maxGap] = options.incidentGapMs ?? [20 * 60_000, 30 * 60_000];
    this.incidents = new Incidents(
      this.deployer,
      this.rng,
      { enabled: options.scheduledIncidents ?? false, minGapMs: minGap, maxGapMs: maxGap },
      (msg, service, level, time) => this.addLog({ time, service, level, msg }),
      this.t,
    );
    this.deployer.onSwitch((d, previous) =>
      this.addLog({ time: this.t, service: d.service, level: 'info', msg: `traffic switched from ${previous} to ${d.active} (${d.colors[d.active]?.version ?? '?'})` }),
    );
    this.seedRidesInFlight();
  }

  /**
   * A real fleet never starts empty: put the steady-state number of rides on the road
   * (start rate × mean ride length) so rides end from the first minute and the funnel's
   * ride_end step is not an artefact of the simulation having just begun.
   */
  private seedRidesInFlight(): void {
    const meanRideMs = RIDE_MEDIAN_MS * Math.exp((RIDE_SIGMA * RIDE_SIGMA) / 2);
    const startsPerMs = (this.unlocksPerSecond * this.demandAt(this.t) * P_RIDE_START) / 1000;
    const inFlight = Math.min(Math.round(startsPerMs * meanRideMs), Math.floor(this.locks.size / 2));
    for (let n = 0; n < inFlight; n++) {
      const i = this.rng.int(this.locks.size);
      if (this.locks.rideEndsAt[i]! > 0 || this.locks.faulty[i]) continue;
      // Each ride is somewhere along its way: what is left is a fraction of a full ride.
      this.locks.rideEndsAt[i] = this.t + this.rng.next() * this.rideLength();
      this.rideWeight[i] = 1;
    }
  }

  private demandAt(epochMs: number): number {
    return this.fixedDemand ?? demandFactor(epochMs);
  }

  private rideLength(): number {
    return Math.max(120_000, this.rng.logNormal(RIDE_MEDIAN_MS, RIDE_SIGMA));
  }

  /** Record traces and log lines; a backfill turns it off for history the stores would drop anyway. */
  get detail(): boolean {
    return this.ctx.detail;
  }

  set detail(on: boolean) {
    this.ctx.detail = on;
  }

  /**
   * Simulate one unlock in `n` and count it n times: a backfill uses it to draw half an hour
   * of history in well under a second. Rates and ratios keep their expected values.
   */
  set sampling(n: number) {
    this.sampleEvery = Math.max(1, Math.min(255, Math.round(n)));
  }

  /** The fleet's simulated present (epoch ms). */
  get time(): number {
    return this.t;
  }

  addObserver(observer: FleetObserver): void {
    this.fanout.add(observer);
  }

  tick(dtMs: number): void {
    if (!(dtMs > 0)) return;
    const from = this.t;
    const to = from + dtMs;
    this.incidents.advance(from);
    const partitionedCity = this.incidents.partitionedCity(from);
    const partitioned = new Uint8Array(CITIES.length);
    if (partitionedCity) partitioned[CITIES.indexOf(partitionedCity)] = 1;
    const ended: Array<{ index: number; at: number }> = [];
    this.locks.advance(from, to, partitioned, isDaylight(from), this.rng, ended);

    const events: Event[] = ended.map((e) => ({ kind: 'end', time: e.at, lock: e.index }));
    const opensPerSecond = (this.unlocksPerSecond * this.demandAt(from)) / (P_SCAN * P_REQUEST);
    CITIES.forEach((city, c) => {
      const opens = this.rng.poisson(opensPerSecond * (CITY_WEIGHTS[c] ?? 0) * (dtMs / 1000));
      const scans = this.rng.binomial(opens, P_SCAN);
      const requests = this.rng.binomial(scans, P_REQUEST);
      this.fanout.funnel(city, 'app_open', opens);
      this.fanout.funnel(city, 'scan', scans);
      this.fanout.funnel(city, 'unlock_request', requests);
      const simulated = Math.floor(requests / this.sampleEvery) + (this.rng.next() < (requests % this.sampleEvery) / this.sampleEvery ? 1 : 0);
      for (let k = 0; k < simulated; k++) events.push({ kind: 'unlock', time: from + this.rng.next() * dtMs, city: c });
    });
    events.sort((a, b) => a.time - b.time);
    for (const e of events) {
      this.t = e.time;
      if (e.kind === 'unlock') this.unlock(e.city, e.time);
      else this.endRide(e.lock, e.time);
    }
    this.t = to;
  }

  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      let gap = this.now() - this.t;
      if (gap > MAX_CATCH_UP_MS) {
        this.t = this.now() - MAX_CATCH_UP_MS;
        gap = MAX_CATCH_UP_MS;
      }
      for (let n = 0; gap > 0 && n < 60; n++) {
        const step = Math.min(gap, 60_000);
        this.tick(step);
        gap -= step;
      }
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  triggerIncident(name: string): ActiveIncident {
    return this.incidents.trigger(name, this.t);
  }

  activeIncidents(): ActiveIncident[] {
    return this.incidents.active(this.t);
  }

  /** Online and registered locks per city (same order as CITIES). */
  onlineByCity(): { online: Float64Array; devices: Float64Array } {
    const { city, lastHeartbeat, size } = this.locks;
    const online = new Float64Array(CITIES.length);
    const devices = new Float64Array(CITIES.length);
    const since = this.t - this.locks.onlineWindowMs;
    for (let i = 0; i < size; i++) {
      const c = city[i]!;
      devices[c]! += 1;
      if (lastHeartbeat[i]! >= since) online[c]! += 1;
    }
    return { online, devices };
  }

  /** Registered and online locks per city, model and firmware (the lock_devices / lock_online gauges). */
  onlineCounts(): Array<{ city: City; model: string; firmware: string; devices: number; online: number }> {
    const nm = MODELS.length;
    const nf = FIRMWARES.length;
    const devices = new Float64Array(CITIES.length * nm * nf);
    const online = new Float64Array(devices.length);
    const { city, model, firmware, lastHeartbeat, size } = this.locks;
    const since = this.t - this.locks.onlineWindowMs;
    for (let i = 0; i < size; i++) {
      const k = (city[i]! * nm + model[i]!) * nf + firmware[i]!;
      devices[k]! += 1;
      if (lastHeartbeat[i]! >= since) online[k]! += 1;
    }
    const out = [];
    for (let k = 0; k < devices.length; k++) {
      const f = k % nf;
      const m = Math.floor(k / nf) % nm;
      const c = Math.floor(k / (nf * nm));
      out.push({ city: CITIES[c]!, model: MODELS[m]!.name, firmware: FIRMWARES[f]!.name, devices: devices[k]!, online: online[k]! });
    }
    return out;
  }

  private unlock(c: number, time: number): void {
    const city = CITIES[c]!;
    const i = this.locks.pickParked(c, time, this.rng);
    if (i < 0) return;
    const firmware = FIRMWARES[this.locks.firmware[i]!]!.name;
    // The oldest firmware has no Bluetooth unlock.
    const channel = firmware !== '3.2.1' && this.rng.chance(BLE_SHARE) ? CHANNELS[1] : CHANNELS[0];
    this.ctx.weight = this.sampleEvery;
    const outcome = simulateUnlock(this.ctx, {
      time,
      city,
      lockId: lockId(i),
      channel,
      lockAlive: !this.locks.faulty[i] && this.locks.battery[i]! > 0,
      gatewayPartitioned: this.incidents.partitionedCity(time) === city,
      badRelease: this.deployer.liveIsFaulty('lock-service'),
      lockServiceVersion: this.deployer.liveVersion('lock-service'),
    });
    const w = this.sampleEvery;
    this.fanout.unlock(city, channel, outcome.result, outcome.seconds, w);
    if (outcome.result !== 'success') return;
    this.fanout.funnel(city, 'unlock_success', w);
    if (!this.rng.chance(P_RIDE_START)) return;
    this.fanout.funnel(city, 'ride_start', w);
    this.rideWeight[i] = w;
    this.locks.rideEndsAt[i] = time + this.rideLength();
  }

  private endRide(i: number, time: number): void {
    const city = CITIES[this.locks.city[i]!]!;
    const w = this.rideWeight[i] || 1;
    this.ctx.weight = w;
    this.fanout.funnel(city, 'ride_end', w);
    const provider = PROVIDERS[this.rng.weighted(PROVIDER_WEIGHTS)]!;
    const { result } = simulatePayment(this.ctx, {
      time,
      city,
      provider,
      degraded: this.incidents.degradedProvider(time) === provider,
      amountCents: 150 + 50 * this.rng.int(6),
    });
    if (result === 'success') this.fanout.funnel(city, 'payment_success', w);
  }

  private addLog(line: Omit<DemoLogLine, 'nanos'>): void {
    if (this.detail) this.logs.add(line);
  }
}
