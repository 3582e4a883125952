import { type Dashboard, DashboardSchema } from '../../shared';
import { batteryLowColumn, onlineColumn, unlockP95Column, unlockSuccessColumn } from '../../shared/dashboards/fleet-health-columns';

/** Every query of the dashboard reads the chosen cities only. */
const CITY = '{city=~"$city"}';

/**
 * The built-in "Lock fleet" dashboard (issue 8): the fleet's health per city, where a
 * gateway partition, a battery wave or a bad firmware shows. Its queries name the recorded
 * series of shared/rules/lockstep-rules.ts and, for the offline list, the raw last-seen
 * gauge through topk only (it has a series per lock).
 */
export const lockFleetDashboard: Dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'lock-fleet',
  title: 'Lock fleet',
  rangeSeconds: 30 * 60,
  refreshSeconds: 5,
  timezone: 'local',
  variables: [{ name: 'city', label: 'City', type: 'query', query: { label: 'city', match: 'city:lock_online:ratio' }, includeAll: true, multi: true, current: ['$__all'] }],
  panels: [
    {
      id: 'fleet-health-grid',
      kind: 'heatgrid',
      title: 'Fleet health by city',
      grid: { x: 0, y: 0, w: 12, h: 8 },
      targets: [
        { refId: 'A', expr: `city:lock_online:ratio${CITY}` },
        { refId: 'B', expr: `city:lock_unlock_success:ratio_rate1m${CITY}` },
        { refId: 'C', expr: `city:lock_unlock_duration_seconds:p95_rate1m${CITY}` },
        { refId: 'D', expr: `city:lock_battery_low:ratio${CITY}` },
      ],
      options: { rowLabel: 'city', columns: [onlineColumn, unlockSuccessColumn, unlockP95Column, batteryLowColumn], sortWorstFirst: true },
    },
    {
      id: 'fleet-online-by-city',
      kind: 'timeseries',
      title: 'Locks online by city',
      grid: { x: 12, y: 0, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: `city:lock_online:ratio${CITY}`, legend: '{{city}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.8, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'fleet-offline-locks',
      kind: 'toplist',
      title: 'Offline locks (longest silent first)',
      grid: { x: 0, y: 8, w: 10, h: 8 },
      targets: [{ refId: 'A', expr: `topk(10, time() - lock_last_seen_timestamp_seconds${CITY})` }],
      options: {
        columns: ['city', 'lock_id', 'channel'],
        valueTitle: 'Last heartbeat',
        valuePrefix: 'silent',
        unit: 'duration',
        limit: 10,
        // A lock that missed two heartbeats is worth a look; five minutes silent, it is offline.
        minValue: 60,
        warn: 60,
        bad: 300,
        emptyText: 'Every lock sent a heartbeat in the last minute.',
      },
    },
    {
      id: 'fleet-battery',
      kind: 'bars',
      title: 'Battery levels',
      grid: { x: 10, y: 8, w: 7, h: 8 },
      targets: [{ refId: 'A', expr: `city_le:lock_battery_percent_bucket:sum${CITY}` }],
      options: { mode: 'histogram', label: 'le', unit: 'percent100', badUpTo: 20, noun: 'locks' },
    },
    {
      id: 'fleet-firmware',
      kind: 'bars',
      title: 'Firmware mix',
      grid: { x: 17, y: 8, w: 7, h: 8 },
      targets: [{ refId: 'A', expr: `city_firmware:lock_devices:sum${CITY}` }],
      options: { mode: 'mix', label: 'firmware', maxBars: 8, noun: 'locks' },
    },
    {
      id: 'fleet-unlock-success-by-channel',
      kind: 'timeseries',
      title: 'Unlock success by channel',
      grid: { x: 0, y: 16, w: 12, h: 7 },
      targets: [{ refId: 'A', expr: `city_channel:lock_unlock_success:ratio_rate1m${CITY}`, legend: '{{city}} · {{channel}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.9, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'fleet-unlock-p95-by-channel',
      kind: 'timeseries',
      title: 'Unlock latency p95 by channel',
      grid: { x: 12, y: 16, w: 12, h: 7 },
      targets: [{ refId: 'A', expr: `city_channel:lock_unlock_duration_seconds:p95_rate1m${CITY}`, legend: '{{city}} · {{channel}}' }],
      unit: 'seconds',
      thresholds: { below: false, steps: [{ value: 3, color: 'red' }] },
      options: { min: 0 },
    },
  ],
});
