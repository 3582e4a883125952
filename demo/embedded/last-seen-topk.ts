import type { Series } from '../../shared';
import { LAST_SEEN_METRIC } from '../exporter/last-seen';
import { CHANNELS, CITIES } from '../fleet/catalog';
import { lockId, type LockTable } from '../fleet/locks';
import { mostSilentLocks, type SilentLocks } from '../fleet/lock-gauges';
import { labelsMatch } from '../fleet/logql';
import { parseInstantSelector, type InstantSelector } from './selector';
import { LOOKBACK_MS } from './series-ring';

/** How many of the most silent locks are kept per city and uplink at each evaluation: the largest N a topk may ask. */
export const MAX_TOPK = 50;

export interface LastSeenTopk {
  k: number;
  /** `time() - lock_last_seen_timestamp_seconds{…}`: seconds silent; otherwise the timestamps themselves. */
  age: boolean;
  selector: InstantSelector;
}

/** A topk query over the last-seen gauge that the embedded demo cannot answer; the message says why. */
export class LastSeenQueryError extends Error {}

const TOPK = /^topk\s*\(\s*(\d+)\s*,\s*(time\s*\(\s*\)\s*-\s*)?(lock_last_seen_timestamp_seconds\s*(?:\{.*\})?)\s*\)$/s;
const MATCHABLE = new Set(['city', 'channel']);

/**
 * `topk(N, time() - lock_last_seen_timestamp_seconds{…})` or `topk(N, lock_last_seen_timestamp_seconds{…})`,
 * the only forms dashboards read the per-lock gauge through; undefined for any other text.
 * Throws LastSeenQueryError for the right form with something the demo cannot honour.
 */
export function parseLastSeenTopk(expr: string): LastSeenTopk | undefined {
  const m = TOPK.exec(expr.trim());
  if (!m) return undefined;
  const selector = parseInstantSelector(m[3] ?? '');
  if (!selector || selector.name !== LAST_SEEN_METRIC) return undefined;
  const k = Number(m[1]);
  if (k > MAX_TOPK) throw new LastSeenQueryError(`The embedded demo keeps the ${MAX_TOPK} most silent locks per city and uplink; ask topk(${MAX_TOPK}, …) or fewer, not topk(${k}, …).`);
  const other = selector.matchers.find((x) => !MATCHABLE.has(x.name));
  if (other) {
    throw new LastSeenQueryError(
      `The embedded demo's lock_last_seen_timestamp_seconds can be narrowed by city and channel only, not by "${other.name}": it keeps just the most silent locks of each.`,
    );
  }
  return { k, age: m[2] !== undefined, selector };
}

interface Evaluation {
  time: number;
  groups: SilentLocks[];
}

/**
 * The most silent locks per city and uplink at each evaluation, in a bounded ring, so a
 * range query can take topk at every step as Prometheus would from the scraped gauge.
 * A group whose list did not change shares the previous evaluation's arrays: the most
 * silent locks are mostly broken ones that stay silent for days, so hours cost little.
 */
export class LastSeenHistory {
  private readonly ring: Array<Evaluation | undefined>;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<Evaluation | undefined>(capacity);
  }

  record(time: number, locks: LockTable): void {
    const previous = this.count > 0 ? this.at(this.count - 1) : undefined;
    if (previous && time <= previous.time) return;
    const groups = mostSilentLocks(locks, MAX_TOPK).map((g, n) => {
      const before = previous?.groups[n];
      return before && sameLocks(before, g) ? before : g;
    });
    this.ring[this.head] = { time, groups };
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  /** topk at each step of [start, end]: one series per lock that was among the k at some step, null elsewhere. */
  query(q: LastSeenTopk, start: number, end: number, stepMs: number): Series[] {
    const series = new Map<number, Series>();
    const times: number[] = [];
    for (let t = start; t <= end; t += stepMs) times.push(t);
    times.forEach((t, step) => {
      const evaluation = this.latestWithin(t);
      if (!evaluation || q.k === 0) return;
      const candidates: Array<{ lock: number; lastSeen: number; id: string; group: SilentLocks }> = [];
      for (const g of evaluation.groups) {
        if (!labelsMatch({ city: CITIES[g.city]!, channel: CHANNELS[g.channel]! }, q.selector.matchers)) continue;
        for (let n = 0; n < g.index.length && n < q.k; n++) candidates.push({ lock: g.index[n]!, lastSeen: g.lastSeen[n]!, id: lockId(g.index[n]!), group: g });
      }
      // Oldest heartbeat first is largest age first; ties by lock id, so the order is stable.
      candidates.sort((a, b) => a.lastSeen - b.lastSeen || (a.id < b.id ? -1 : 1));
      for (const c of candidates.slice(0, q.k)) {
        let s = series.get(c.lock);
        if (!s) {
          const labels = { city: CITIES[c.group.city]!, lock_id: c.id, channel: CHANNELS[c.group.channel]! };
          s = { name: q.age ? legend(labels) : LAST_SEEN_METRIC, labels, times: times.slice(), values: times.map(() => null) };
          series.set(c.lock, s);
        }
        // The exporter writes whole milliseconds; time() is the step's time in seconds.
        const seen = Math.round(c.lastSeen) / 1000;
        s.values[step] = q.age ? t / 1000 - seen : seen;
      }
    });
    // Worst first as of the last step (where table panels read), then those that left the top k.
    const latest = (s: Series) => s.values.findLast((v) => v !== null) ?? null;
    const rank = (s: Series) => (s.values.at(-1) === null ? Infinity : (q.age ? -1 : 1) * (latest(s) ?? 0));
    return [...series.values()].sort((a, b) => rank(a) - rank(b) || (a.labels.lock_id! < b.labels.lock_id! ? -1 : 1));
  }

  private at(i: number): Evaluation | undefined {
    return this.ring[(this.head - this.count + i + this.capacity) % this.capacity];
  }

  /** The newest evaluation at or before t and within Prometheus's lookback, as an instant selector sees. */
  private latestWithin(t: number): Evaluation | undefined {
    let lo = 0;
    let hi = this.count - 1;
    let found: Evaluation | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = this.at(mid)!;
      if (e.time <= t) {
        found = e;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found && t - found.time <= LOOKBACK_MS ? found : undefined;
  }
}

function sameLocks(a: SilentLocks, b: SilentLocks): boolean {
  if (a.index.length !== b.index.length) return false;
  for (let n = 0; n < a.index.length; n++) if (a.index[n] !== b.index[n] || a.lastSeen[n] !== b.lastSeen[n]) return false;
  return true;
}

/** A nameless series' name as the Prometheus connector gives it (services/datasources/prometheus-decode.ts `legend`). */
function legend(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}
