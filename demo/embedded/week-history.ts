import { CITIES, CITY_WEIGHTS, FUNNEL_STEPS } from '../fleet/catalog';
import { demandFactor } from '../fleet/fleet-helpers';

/** The recorded series a week of history is synthesised for, so `offset 1w` answers on the demo. */
export const WEEK_HISTORY_SERIES = ['city_step:ride_funnel_events:rate1m', 'step:ride_funnel_events:rate1m'] as const;
export type WeekHistorySeries = (typeof WEEK_HISTORY_SERIES)[number];
export const isWeekHistorySeries = (name: string): name is WeekHistorySeries => (WEEK_HISTORY_SERIES as readonly string[]).includes(name);

/** How far back the synthesised history reaches: a week, plus a day so a day-long range a week back is whole. */
export const WEEK_HISTORY_MS = 8 * 24 * 3_600_000;

const MINUTE_MS = 60_000;

/**
 * The share of riders who go on from the step before, on a quiet day. They are the live
 * simulation's (demo/fleet/fleet.ts P_SCAN, P_REQUEST, P_RIDE_START, and what its unlock and
 * payment models give without an incident); week-history.test.ts checks them against a
 * quiet fleet, so the baseline a funnel compares with is the fleet's normal, not a guess.
 */
const CONVERSIONS: Record<(typeof FUNNEL_STEPS)[number], number> = {
  app_open: 1,
  scan: 0.78,
  unlock_request: 0.93,
  unlock_success: 0.962,
  ride_start: 0.985,
  ride_end: 1,
  payment_success: 0.98,
};
const APP_OPENS_PER_UNLOCK = 1 / (0.78 * 0.93);
/** A ride lasts 12 min median, log-normal σ 0.6 (demo/fleet/fleet.ts): its mean is about 14 min, so rides end what started 14 min before. */
const MEAN_RIDE_MINUTES = 14;
/** Saturdays and Sundays ride a little less: the weekly shape of the history. */
const WEEKEND_FACTOR = 0.85;

/** A deterministic uniform number in (0, 1) for a seed and three integers. */
function uniform(seed: number, a: number, b: number, c: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = mix(h, a);
  h = mix(h, b);
  h = mix(h, c);
  return (h + 0.5) / 4_294_967_296;
}

function mix(h: number, v: number): number {
  h = Math.imul(h ^ (v >>> 0), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A deterministic standard normal number (Box–Muller on two hashed uniforms). */
function normal(seed: number, a: number, b: number, minute: number): number {
  const u = uniform(seed, a, b, minute);
  const v = uniform(seed + 1, a, b, minute);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function weekly(epochMs: number): number {
  // China time (UTC+8), as demandFactor's day; 1970-01-01 was a Thursday.
  const day = Math.floor((epochMs / 3_600_000 + 8) / 24);
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1;
}

/**
 * Funnel events per city and step in one minute of a quiet past: app opens are Poisson
 * around the day's demand, each later step a binomial share of the one before (normal
 * approximation), and rides end a mean ride after they started. Nothing is stored: any
 * minute is computed from its index alone, so a range anywhere in the week costs only
 * its own minutes.
 */
export function historyCounts(seed: number, unlocksPerSecond: number, minute: number): Float64Array {
  const counts = new Float64Array(CITIES.length * FUNNEL_STEPS.length);
  const startsAt = (c: number, m: number) => stepCounts(seed, unlocksPerSecond, c, m);
  for (let c = 0; c < CITIES.length; c++) {
    const now = startsAt(c, minute);
    const earlier = startsAt(c, minute - MEAN_RIDE_MINUTES);
    const rideStart = FUNNEL_STEPS.indexOf('ride_start');
    const rideEnds = earlier[rideStart] ?? 0;
    FUNNEL_STEPS.forEach((step, s) => {
      let value = now[s] ?? 0;
      if (step === 'ride_end') value = rideEnds;
      else if (step === 'payment_success') value = binomial(rideEnds, CONVERSIONS.payment_success, normal(seed, c, s, minute));
      counts[c * FUNNEL_STEPS.length + s] = value;
    });
  }
  return counts;
}

function binomial(n: number, p: number, z: number): number {
  const sd = Math.sqrt(Math.max(0, n * p * (1 - p)));
  return Math.max(0, Math.min(n, n * p + z * sd));
}

/** The steps up to ride_start for one city and minute (later steps are ride_start's, shifted). */
function stepCounts(seed: number, unlocksPerSecond: number, c: number, minute: number): number[] {
  const t = minute * MINUTE_MS;
  const mean = unlocksPerSecond * APP_OPENS_PER_UNLOCK * demandFactor(t) * weekly(t) * (CITY_WEIGHTS[c] ?? 0) * 60;
  const out: number[] = [Math.max(0, mean + normal(seed, c, 0, minute) * Math.sqrt(mean))];
  for (let s = 1; s < FUNNEL_STEPS.length; s++) {
    const step = FUNNEL_STEPS[s]!;
    out.push(step === 'ride_end' || step === 'payment_success' ? (out[s - 1] ?? 0) : binomial(out[s - 1] ?? 0, CONVERSIONS[step], normal(seed, c, s, minute)));
  }
  return out;
}

export interface HistorySeries {
  name: WeekHistorySeries;
  labels: Record<string, string>;
  times: number[];
  values: number[];
}

/**
 * The synthesised series at each step of [start, end], as a range query over a week-old
 * Prometheus would answer: each value is the per-second rate over the minute before it.
 */
export function synthesiseHistory(name: WeekHistorySeries, seed: number, unlocksPerSecond: number, start: number, end: number, stepMs: number): HistorySeries[] {
  const times: number[] = [];
  for (let t = start; t <= end; t += stepMs) times.push(t);
  const perMinute = new Map<number, Float64Array>();
  const countsAt = (t: number) => {
    const minute = Math.floor(t / MINUTE_MS);
    let counts = perMinute.get(minute);
    if (!counts) perMinute.set(minute, (counts = historyCounts(seed, unlocksPerSecond, minute)));
    return counts;
  };
  if (name === 'step:ride_funnel_events:rate1m') {
    return FUNNEL_STEPS.map((step, s) => ({
      name,
      labels: { step },
      times,
      values: times.map((t) => {
        const counts = countsAt(t);
        let sum = 0;
        for (let c = 0; c < CITIES.length; c++) sum += counts[c * FUNNEL_STEPS.length + s] ?? 0;
        return sum / 60;
      }),
    }));
  }
  return CITIES.flatMap((city, c) =>
    FUNNEL_STEPS.map((step, s) => ({ name, labels: { city, step }, times, values: times.map((t) => (countsAt(t)[c * FUNNEL_STEPS.length + s] ?? 0) / 60) })),
  );
}
