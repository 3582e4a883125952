import { BATTERY_BUCKETS, CHANNELS, CITIES, FIRMWARES, UNLOCK_BUCKETS, UNLOCK_RESULTS } from '../fleet/catalog';
import type { Fleet } from '../fleet/fleet';
import { bucketLabels, lockHistogramsByCity } from '../fleet/lock-gauges';
import type { StatsSnapshot } from '../fleet/stats';
import { histogramQuantile } from './quantile';
import type { RecordedSample } from './recording';

const NUB = UNLOCK_BUCKETS.length + 1;
const BATTERY_LE = bucketLabels(BATTERY_BUCKETS);
/** "Low" is at or below this bucket bound, as the rule reads lock_battery_percent_bucket{le="20"}. */
const LOW_BATTERY_BUCKET = BATTERY_BUCKETS.indexOf(20);

/**
 * The fleet-health rules of shared/rules/lockstep-rules.ts (issue 8), as Prometheus would
 * record them from the exporter: unlock success and p95 per city and uplink channel over
 * the last minute, the share of locks with a low battery, the cumulative battery buckets,
 * and registered locks per firmware. `d(key, i)` is a counter's increase over the window
 * (NaN without an earlier snapshot).
 */
export function fleetHealthSamples(fleet: Fleet, earlier: StatsSnapshot | undefined, d: (key: 'unlockRequests' | 'unlockBuckets', i: number) => number): RecordedSample[] {
  const out: RecordedSample[] = [];
  const nr = UNLOCK_RESULTS.length;
  CITIES.forEach((city, c) =>
    CHANNELS.forEach((channel, ch) => {
      let success = 0;
      let total = 0;
      for (let r = 0; r < nr; r++) {
        const v = d('unlockRequests', (c * CHANNELS.length + ch) * nr + r);
        total += v;
        if (UNLOCK_RESULTS[r] === 'success') success += v;
      }
      const buckets = new Float64Array(NUB);
      for (let b = 0; b < NUB; b++) buckets[b] = d('unlockBuckets', (c * CHANNELS.length + ch) * NUB + b);
      out.push({ name: 'city_channel:lock_unlock_success:ratio_rate1m', labels: { city, channel }, value: success / total });
      out.push({
        name: 'city_channel:lock_unlock_duration_seconds:p95_rate1m',
        labels: { city, channel },
        value: earlier ? histogramQuantile(0.95, UNLOCK_BUCKETS, buckets) : NaN,
      });
    }),
  );

  lockHistogramsByCity(fleet.locks, 'battery', fleet.time).forEach((h, c) => {
    const city = CITIES[c]!;
    let cumulative = 0;
    let low = 0;
    h.counts.forEach((n, b) => {
      cumulative += n;
      if (b === LOW_BATTERY_BUCKET) low = cumulative;
      out.push({ name: 'city_le:lock_battery_percent_bucket:sum', labels: { city, le: BATTERY_LE[b]! }, value: cumulative });
    });
    out.push({ name: 'city:lock_battery_low:ratio', labels: { city }, value: low / cumulative });
  });

  const firmwareDevices = new Float64Array(CITIES.length * FIRMWARES.length);
  for (const row of fleet.onlineCounts()) {
    const f = FIRMWARES.findIndex((fw) => fw.name === row.firmware);
    firmwareDevices[CITIES.indexOf(row.city) * FIRMWARES.length + f]! += row.devices;
  }
  CITIES.forEach((city, c) =>
    FIRMWARES.forEach((fw, f) => out.push({ name: 'city_firmware:lock_devices:sum', labels: { city, firmware: fw.name }, value: firmwareDevices[c * FIRMWARES.length + f]! })),
  );
  return out;
}
