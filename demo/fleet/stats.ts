import {
  CHANNELS,
  CITIES,
  FUNNEL_STEPS,
  HTTP_BUCKETS,
  HTTP_CODES,
  HTTP_ROUTES,
  PAYMENT_RESULTS,
  PROVIDERS,
  UNLOCK_BUCKETS,
  UNLOCK_RESULTS,
  bucketIndex,
  routeIndex,
  type Channel,
  type City,
  type FunnelStep,
  type HttpCode,
  type PaymentResult,
  type Provider,
  type UnlockResult,
} from './catalog';
import type { FleetObserver } from './events';

const NC = CITIES.length;
const NCH = CHANNELS.length;
const NUB = UNLOCK_BUCKETS.length + 1;
const NHB = HTTP_BUCKETS.length + 1;

/** Cumulative counters in flat arrays; copying them is the whole cost of a snapshot. */
export interface StatsArrays {
  /** [city][channel][result] */
  unlockRequests: Float64Array;
  /** [city][channel][bucket] non-cumulative bucket counts; last bucket is +Inf. */
  unlockBuckets: Float64Array;
  /** [city][step] */
  funnel: Float64Array;
  /** [provider][result] */
  payments: Float64Array;
  /** [route][code] */
  httpRequests: Float64Array;
  /** [route][bucket] */
  httpBuckets: Float64Array;
}

export interface StatsSnapshot extends StatsArrays {
  time: number;
}

const idx = <T extends string>(list: readonly T[]) => new Map<string, number>(list.map((v, i) => [v, i]));
const cityIdx = idx(CITIES);
const channelIdx = idx(CHANNELS);
const resultIdx = idx(UNLOCK_RESULTS);
const stepIdx = idx(FUNNEL_STEPS);
const providerIdx = idx(PROVIDERS);
const payResultIdx = idx(PAYMENT_RESULTS);
const codeIdx = idx(HTTP_CODES);

export const statsLayout = { NC, NCH, NUB, NHB } as const;

export class FleetStats implements FleetObserver {
  readonly arrays: StatsArrays = {
    unlockRequests: new Float64Array(NC * NCH * UNLOCK_RESULTS.length),
    unlockBuckets: new Float64Array(NC * NCH * NUB),
    funnel: new Float64Array(NC * FUNNEL_STEPS.length),
    payments: new Float64Array(PROVIDERS.length * PAYMENT_RESULTS.length),
    httpRequests: new Float64Array(HTTP_ROUTES.length * HTTP_CODES.length),
    httpBuckets: new Float64Array(HTTP_ROUTES.length * NHB),
  };

  unlock(city: City, channel: Channel, result: UnlockResult, seconds: number, count: number): void {
    const c = cityIdx.get(city) ?? 0;
    const ch = channelIdx.get(channel) ?? 0;
    this.arrays.unlockRequests[(c * NCH + ch) * UNLOCK_RESULTS.length + (resultIdx.get(result) ?? 0)]! += count;
    this.arrays.unlockBuckets[(c * NCH + ch) * NUB + bucketIndex(UNLOCK_BUCKETS, seconds)]! += count;
  }

  funnel(city: City, step: FunnelStep, count: number): void {
    this.arrays.funnel[(cityIdx.get(city) ?? 0) * FUNNEL_STEPS.length + (stepIdx.get(step) ?? 0)]! += count;
  }

  payment(provider: Provider, result: PaymentResult, count: number): void {
    const p = providerIdx.get(provider) ?? 0;
    this.arrays.payments[p * PAYMENT_RESULTS.length + (payResultIdx.get(result) ?? 0)]! += count;
  }

  http(service: string, route: string, code: HttpCode, seconds: number, _traceId: string, count: number): void {
    const r = routeIndex(service, route);
    if (r < 0) return;
    this.arrays.httpRequests[r * HTTP_CODES.length + (codeIdx.get(code) ?? 0)]! += count;
    this.arrays.httpBuckets[r * NHB + bucketIndex(HTTP_BUCKETS, seconds)]! += count;
  }

  snapshot(time: number): StatsSnapshot {
    const a = this.arrays;
    return {
      time,
      unlockRequests: a.unlockRequests.slice(),
      unlockBuckets: a.unlockBuckets.slice(),
      funnel: a.funnel.slice(),
      payments: a.payments.slice(),
      httpRequests: a.httpRequests.slice(),
      httpBuckets: a.httpBuckets.slice(),
    };
  }
}

/** Unlock attempts by result summed over cities and channels, for quick sanity checks. */
export function unlockTotals(a: StatsArrays): Record<UnlockResult, number> {
  const out = { success: 0, timeout: 0, failure: 0, rejected: 0 };
  for (let i = 0; i < a.unlockRequests.length; i++) {
    const r = UNLOCK_RESULTS[i % UNLOCK_RESULTS.length];
    if (r) out[r] += a.unlockRequests[i] ?? 0;
  }
  return out;
}
