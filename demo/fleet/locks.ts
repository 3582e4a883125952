import { CITIES, CITY_WEIGHTS, FIRMWARES, MODELS } from './catalog';
import type { Random } from './random';

export const HEARTBEAT_INTERVAL_MS = 30_000;
/**
 * A lock is offline after three missed heartbeats. The window used to be 5 minutes on a
 * 1-minute rhythm: a gateway partition then showed nothing for 4 minutes and the whole
 * city fell at once in the fifth, so "locks online" looked flat while unlocks already failed.
 */
export const MISSED_BEATS_OFFLINE = 3;
/** Share of locks (firmware with Bluetooth) whose uplink is a street-side Bluetooth hub rather than their own GPRS modem. */
const BLUETOOTH_UPLINK_SHARE = 0.3;
/** The oldest firmware has no Bluetooth at all (see fleet.ts, where it never unlocks over Bluetooth either). */
const NO_BLUETOOTH_FIRMWARE = FIRMWARES.findIndex((f) => f.name === '3.2.1');
/** Locks that need a field visit; they come back when repaired. */
const FAULTY_SHARE = 0.03;
const MS_PER_MIN = 60_000;
const DYNAMO_BY_MODEL = Uint8Array.from(MODELS, (m) => (m.charge === 'dynamo' ? 1 : 0));

/**
 * Per-lock state in typed arrays, sorted by city so a city is a contiguous index range:
 * 50,000 locks tick in a couple of milliseconds and cost about 2 MB.
 */
export class LockTable {
  readonly size: number;
  readonly city: Uint8Array;
  readonly model: Uint8Array;
  readonly firmware: Uint8Array;
  readonly battery: Float32Array;
  readonly lastHeartbeat: Float64Array;
  readonly nextHeartbeat: Float64Array;
  /** 0 = parked, otherwise the time the current ride ends. */
  readonly rideEndsAt: Float64Array;
  readonly faulty: Uint8Array;
  /**
   * Each lock's uplink, an index into CHANNELS (0 gprs, 1 bluetooth). Both reach the platform
   * through the city's IoT gateway cluster (Bluetooth locks via hubs), so a partition silences both.
   */
  readonly uplink: Uint8Array;
  /** [start, end) index range of each city. */
  readonly cityRange: Array<[number, number]> = [];
  readonly heartbeatMs: number;
  /** A lock with no heartbeat for longer than this counts offline. */
  readonly onlineWindowMs: number;

  constructor(size: number, rng: Random, now: number, heartbeatMs = HEARTBEAT_INTERVAL_MS) {
    this.size = size;
    this.heartbeatMs = heartbeatMs;
    this.onlineWindowMs = MISSED_BEATS_OFFLINE * heartbeatMs;
    this.city = new Uint8Array(size);
    this.model = new Uint8Array(size);
    this.firmware = new Uint8Array(size);
    this.battery = new Float32Array(size);
    this.lastHeartbeat = new Float64Array(size);
    this.nextHeartbeat = new Float64Array(size);
    this.rideEndsAt = new Float64Array(size);
    this.faulty = new Uint8Array(size);
    this.uplink = new Uint8Array(size);
    let start = 0;
    CITIES.forEach((_, c) => {
      const end = c === CITIES.length - 1 ? size : start + Math.round(size * (CITY_WEIGHTS[c] ?? 0));
      this.cityRange.push([start, end]);
      for (let i = start; i < end; i++) this.city[i] = c;
      start = end;
    });
    const modelWeights = MODELS.map((m) => m.weight);
    const fwWeights = FIRMWARES.map((f) => f.weight);
    for (let i = 0; i < size; i++) {
      this.model[i] = rng.weighted(modelWeights);
      this.firmware[i] = rng.weighted(fwWeights);
      this.battery[i] = 15 + 85 * Math.sqrt(rng.next());
      // From the index, not the random stream, so every other draw of a seed stays as it was.
      this.uplink[i] = this.firmware[i] !== NO_BLUETOOTH_FIRMWARE && spread(i) < BLUETOOTH_UPLINK_SHARE ? 1 : 0;
      if (rng.chance(FAULTY_SHARE)) {
        this.faulty[i] = 1;
        this.lastHeartbeat[i] = now - this.onlineWindowMs - rng.next() * 3 * 86_400_000;
      } else {
        this.lastHeartbeat[i] = now - rng.next() * heartbeatMs;
      }
      this.nextHeartbeat[i] = this.lastHeartbeat[i]! + heartbeatMs;
    }
  }

  isOnline(i: number, now: number): boolean {
    return now - (this.lastHeartbeat[i] ?? 0) <= this.onlineWindowMs;
  }

  isRiding(i: number): boolean {
    return (this.rideEndsAt[i] ?? 0) > 0;
  }

  /**
   * Advances every lock from `from` to `to`: heartbeats (unless its city's gateway is cut
   * off), battery drain and charging, faults and repairs. Rides that ended are pushed to `ended`.
   */
  advance(from: number, to: number, partitioned: Uint8Array, daylight: boolean, rng: Random, ended: Array<{ index: number; at: number }>): void {
    const minutes = (to - from) / MS_PER_MIN;
    // Hot loop over every lock: locals only, no module getters, no randomness per lock.
    const { battery, rideEndsAt, faulty, model, city, nextHeartbeat, lastHeartbeat, size, heartbeatMs } = this;
    const dynamo = DYNAMO_BY_MODEL;
    const rideDelta = [-0.08 * minutes, 0.25 * minutes];
    const idleDrain = 0.004 * minutes;
    const solar = daylight ? 0.04 * minutes : 0;
    for (let i = 0; i < size; i++) {
      let b = battery[i]!;
      const rideEnd = rideEndsAt[i]!;
      const isDynamo = dynamo[model[i]!]!;
      if (rideEnd > 0) {
        b += rideDelta[isDynamo]!;
        if (rideEnd <= to) {
          rideEndsAt[i] = 0;
          ended.push({ index: i, at: rideEnd });
        }
      } else {
        b -= idleDrain;
      }
      if (isDynamo === 0) b += solar;
      b = b < 0 ? 0 : b > 100 ? 100 : b;
      battery[i] = b;
      if (faulty[i] || b <= 0 || partitioned[city[i]!]) continue;
      const next = nextHeartbeat[i]!;
      if (next <= to) {
        // The latest beat at or before `to` on this lock's own rhythm.
        const last = next + Math.floor((to - next) / heartbeatMs) * heartbeatMs;
        lastHeartbeat[i] = last;
        nextHeartbeat[i] = last + heartbeatMs;
      }
    }
    this.churn(minutes, to, rng);
  }

  /** Faults and repairs keep the faulty share near FAULTY_SHARE: 1 lock in 100 fails per day, repairs take ~3 days. */
  private churn(minutes: number, to: number, rng: Random): void {
    const failures = rng.poisson((minutes / 1440) * 0.01 * this.size);
    for (let k = 0; k < failures; k++) this.faulty[rng.int(this.size)] = 1;
    const repairs = rng.poisson((minutes / (3 * 1440)) * FAULTY_SHARE * this.size);
    for (let k = 0; k < repairs; k++) {
      // The next faulty lock after a random position: about 1 / FAULTY_SHARE steps.
      let i = rng.int(this.size);
      for (let n = 0; n < this.size && !this.faulty[i]; n++) i = (i + 1) % this.size;
      if (!this.faulty[i]) return;
      this.faulty[i] = 0;
      this.battery[i] = 100;
      this.nextHeartbeat[i] = to;
    }
  }

  /** A random parked lock in the city, preferring online ones as the app hides offline bikes. */
  pickParked(cityIndex: number, now: number, rng: Random): number {
    const range = this.cityRange[cityIndex];
    if (!range || range[1] <= range[0]) return -1;
    const [start, end] = range;
    let fallback = -1;
    for (let tries = 0; tries < 8; tries++) {
      const i = start + rng.int(end - start);
      if (this.isRiding(i)) continue;
      // One rider in five scans an offline bike anyway: it is right in front of them.
      if (this.isOnline(i, now) || rng.chance(0.2)) return i;
      fallback = i;
    }
    return fallback;
  }
}

/** The lock id riders see and the exporter labels with: L and the index, 7 digits. */
export function lockId(i: number): string {
  return `L${String(i).padStart(7, '0')}`;
}

/** A fixed, evenly spread number in [0, 1) per index (Knuth's multiplicative hash). */
function spread(i: number): number {
  return (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296;
}
