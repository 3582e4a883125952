import {
  CHANNELS,
  CITIES,
  FUNNEL_STEPS,
  HTTP_BUCKETS,
  HTTP_CODES,
  HTTP_ROUTES,
  HTTP_SERVICES,
  PAYMENT_RESULTS,
  PROVIDERS,
  UNLOCK_BUCKETS,
  UNLOCK_RESULTS,
} from '../fleet/catalog';
import type { Fleet } from '../fleet/fleet';
import type { StatsSnapshot } from '../fleet/stats';
import { fleetHealthSamples } from './fleet-health-recording';
import { histogramQuantile } from './quantile';

export interface RecordedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's lookback for rate(...[1m]): samples newer than this count. */
export const RATE_WINDOW_MS = 60_000;

const NUB = UNLOCK_BUCKETS.length + 1;
const NHB = HTTP_BUCKETS.length + 1;

/**
 * The series of demo/rules.ts `recordingRules`, computed from the fleet the way Prometheus
 * would from the exporter: ratios of 1-minute increases, p95 by bucket interpolation. A ratio
 * whose part saw no events is 0 when the whole saw some (as the rules' `or 0 * whole` makes
 * it in Prometheus) and NaN when the whole saw none.
 * `earlier` is the oldest snapshot inside the window; without one, rates are NaN (as a fresh
 * Prometheus has no rate until it has two samples).
 */
export function evaluateRecordingRules(fleet: Fleet, now: StatsSnapshot, earlier: StatsSnapshot | undefined): RecordedSample[] {
  const out: RecordedSample[] = [];
  const seconds = earlier ? (now.time - earlier.time) / 1000 : 0;
  const d = (key: keyof Omit<StatsSnapshot, 'time'>, i: number) => (earlier ? (now[key][i] ?? 0) - (earlier[key][i] ?? 0) : NaN);

  const { online, devices } = fleet.onlineByCity();
  CITIES.forEach((city, c) => out.push({ name: 'city:lock_online:ratio', labels: { city }, value: (online[c] ?? 0) / (devices[c] ?? 0) }));

  const nr = UNLOCK_RESULTS.length;
  CITIES.forEach((city, c) => {
    let success = 0;
    let total = 0;
    const buckets = new Float64Array(NUB);
    CHANNELS.forEach((_, ch) => {
      for (let r = 0; r < nr; r++) {
        const v = d('unlockRequests', (c * CHANNELS.length + ch) * nr + r);
        total += v;
        if (UNLOCK_RESULTS[r] === 'success') success += v;
      }
      for (let b = 0; b < NUB; b++) buckets[b]! += d('unlockBuckets', (c * CHANNELS.length + ch) * NUB + b);
    });
    out.push({ name: 'city:lock_unlock_success:ratio_rate1m', labels: { city }, value: success / total });
    out.push({ name: 'city:lock_unlock_duration_seconds:p95_rate1m', labels: { city }, value: earlier ? histogramQuantile(0.95, UNLOCK_BUCKETS, buckets) : NaN });
  });

  FUNNEL_STEPS.forEach((step, s) => {
    let sum = 0;
    for (let c = 0; c < CITIES.length; c++) sum += d('funnel', c * FUNNEL_STEPS.length + s);
    out.push({ name: 'step:ride_funnel_events:rate1m', labels: { step }, value: seconds > 0 ? sum / seconds : NaN });
  });
  CITIES.forEach((city, c) =>
    FUNNEL_STEPS.forEach((step, s) => {
      const v = d('funnel', c * FUNNEL_STEPS.length + s);
      out.push({ name: 'city_step:ride_funnel_events:rate1m', labels: { city, step }, value: seconds > 0 ? v / seconds : NaN });
    }),
  );

  let allSuccess = 0;
  let allPayments = 0;
  PROVIDERS.forEach((provider, p) => {
    let success = 0;
    let total = 0;
    PAYMENT_RESULTS.forEach((result, r) => {
      const v = d('payments', p * PAYMENT_RESULTS.length + r);
      total += v;
      if (result === 'success') success += v;
    });
    out.push({ name: 'provider:payment_success:ratio_rate1m', labels: { provider }, value: success / total });
    allSuccess += success;
    allPayments += total;
  });
  out.push({ name: ':payment_success:ratio_rate1m', labels: {}, value: allSuccess / allPayments });

  for (const service of HTTP_SERVICES) {
    let errors = 0;
    let total = 0;
    const buckets = new Float64Array(NHB);
    HTTP_ROUTES.forEach((route, ri) => {
      if (route.service !== service) return;
      HTTP_CODES.forEach((code, ci) => {
        const v = d('httpRequests', ri * HTTP_CODES.length + ci);
        total += v;
        if (code.startsWith('5')) errors += v;
      });
      for (let b = 0; b < NHB; b++) buckets[b]! += d('httpBuckets', ri * NHB + b);
    });
    out.push({ name: 'service:http_server_errors:ratio_rate1m', labels: { service }, value: errors / total });
    out.push({ name: 'service:http_server_requests:rate1m', labels: { service }, value: seconds > 0 ? total / seconds : NaN });
    out.push({
      name: 'service:http_server_request_duration_seconds:p95_rate1m',
      labels: { service },
      value: earlier ? histogramQuantile(0.95, HTTP_BUCKETS, buckets) : NaN,
    });
  }
  out.push(...fleetHealthSamples(fleet, earlier, d));
  return out;
}
