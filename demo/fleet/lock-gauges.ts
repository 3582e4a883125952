import { BATTERY_BUCKETS, CHANNELS, CITIES, HEARTBEAT_AGE_BUCKETS, bucketIndex } from './catalog';
import type { LockTable } from './locks';

/** Per-city histogram of a lock state: non-cumulative counts (last one +Inf) and the sum. */
export interface CityHistogram {
  counts: Float64Array;
  sum: number;
}

/**
 * Battery level (percent) or heartbeat age (seconds) of every lock, bucketed per city in one
 * pass: what the exporter's lock_battery_percent / lock_heartbeat_age_seconds histograms
 * show and what the embedded demo's battery rules read.
 */
export function lockHistogramsByCity(locks: LockTable, what: 'battery' | 'age', now: number): CityHistogram[] {
  const bounds = what === 'battery' ? BATTERY_BUCKETS : HEARTBEAT_AGE_BUCKETS;
  const { city, battery, lastHeartbeat, size } = locks;
  const out = CITIES.map(() => ({ counts: new Float64Array(bounds.length + 1), sum: 0 }));
  for (let i = 0; i < size; i++) {
    const v = what === 'battery' ? battery[i]! : Math.max(0, (now - lastHeartbeat[i]!) / 1000);
    const h = out[city[i]!]!;
    h.counts[bucketIndex(bounds, v)]! += 1;
    h.sum += v;
  }
  return out;
}

/** The `le` label of each bucket as the exporter writes it (prom-client prints numbers plainly), ending with "+Inf". */
export function bucketLabels(bounds: readonly number[]): string[] {
  return [...bounds.map(String), '+Inf'];
}

/** The silent end of one (city, uplink channel) group: lock indexes and their last heartbeat (epoch ms), oldest first. */
export interface SilentLocks {
  city: number;
  channel: number;
  index: Uint32Array;
  lastSeen: Float64Array;
}

/**
 * The `k` locks with the oldest last heartbeat in every city and uplink channel, oldest
 * first (ties by index, so the order is stable). One pass; a lock is only inserted when it
 * is older than the group's current k-th, which after the first few thousand is rare.
 */
export function mostSilentLocks(locks: LockTable, k: number): SilentLocks[] {
  const groups = CITIES.length * CHANNELS.length;
  const idx = Array.from({ length: groups }, () => new Uint32Array(k));
  const seen = Array.from({ length: groups }, () => new Float64Array(k));
  const filled = new Uint32Array(groups);
  const { city, uplink, lastHeartbeat, size } = locks;
  for (let i = 0; i < size; i++) {
    const g = city[i]! * CHANNELS.length + uplink[i]!;
    const v = lastHeartbeat[i]!;
    const n = filled[g]!;
    const gi = idx[g]!;
    const gs = seen[g]!;
    if (n === k && v >= gs[k - 1]!) continue;
    // Insertion into the sorted prefix; the loop only runs over ties and newer entries.
    let p = n === k ? k - 1 : n;
    while (p > 0 && gs[p - 1]! > v) {
      gs[p] = gs[p - 1]!;
      gi[p] = gi[p - 1]!;
      p--;
    }
    gs[p] = v;
    gi[p] = i;
    if (n < k) filled[g] = n + 1;
  }
  return idx.map((index, g) => ({
    city: Math.floor(g / CHANNELS.length),
    channel: g % CHANNELS.length,
    index: index.slice(0, filled[g]),
    lastSeen: seen[g]!.slice(0, filled[g]),
  }));
}
