import { type Dashboard, DashboardSchema } from '../../shared';
import { FUNNEL_LAGGING_STEPS, FUNNEL_STEPS } from '../../shared/funnel/steps';
import { bluetoothUnlockColumn, gprsUnlockColumn, onlineColumn, serviceErrorsColumn, unlockP95Column } from '../../shared/dashboards/fleet-health-columns';

/**
 * The default war-room dashboard. Its queries name recorded series (demo/rules.ts), so
 * the same JSON reads from the embedded fleet and from a real Prometheus running the
 * stack's rules; an operator with other metric names edits the expressions.
 */
export const warRoomDashboard: Dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'war-room',
  title: 'Fleet war room',
  rangeSeconds: 30 * 60,
  refreshSeconds: 5,
  timezone: 'local',
  panels: [
    {
      // Which city is in trouble, at a glance from across the room; the charts beside it say since when.
      // In the first row with them, so the wall playlist's row-1 slide (renderer/src/wall/playlist.ts) shows both.
      id: 'fleet-health-grid',
      kind: 'heatgrid',
      title: 'Fleet health by city',
      grid: { x: 0, y: 0, w: 8, h: 6 },
      targets: [
        { refId: 'A', expr: 'city:lock_online:ratio' },
        // By channel, so a gateway cut (GPRS only) reads apart from a lock or app fault (both).
        { refId: 'E', expr: 'city_channel:lock_unlock_success:ratio_rate1m{channel="gprs"}' },
        { refId: 'F', expr: 'city_channel:lock_unlock_success:ratio_rate1m{channel="bluetooth"}' },
        { refId: 'C', expr: 'city:lock_unlock_duration_seconds:p95_rate1m' },
      ],
      options: { rowLabel: 'city', columns: [onlineColumn, gprsUnlockColumn, bluetoothUnlockColumn, unlockP95Column], sortWorstFirst: true },
    },
    {
      id: 'fleet-online',
      kind: 'timeseries',
      title: 'Locks online',
      grid: { x: 8, y: 0, w: 4, h: 6 },
      targets: [{ refId: 'A', expr: 'city:lock_online:ratio', legend: '{{city}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.8, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'fleet-unlock-success',
      kind: 'timeseries',
      title: 'Unlock success',
      grid: { x: 12, y: 0, w: 4, h: 6 },
      targets: [{ refId: 'A', expr: 'city:lock_unlock_success:ratio_rate1m', legend: '{{city}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.9, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'fleet-unlock-p95',
      kind: 'timeseries',
      title: 'Unlock latency p95',
      grid: { x: 16, y: 0, w: 4, h: 6 },
      targets: [{ refId: 'A', expr: 'city:lock_unlock_duration_seconds:p95_rate1m', legend: '{{city}}' }],
      unit: 'seconds',
      options: { min: 0 },
    },
    {
      // Its histogram carries trace_id exemplars: the dots open the trace of a slow request.
      id: 'service-latency-p95',
      kind: 'timeseries',
      title: 'Service latency p95',
      grid: { x: 20, y: 0, w: 4, h: 6 },
      targets: [{ refId: 'A', expr: 'service:http_server_request_duration_seconds:p95_rate1m', legend: '{{service}}' }],
      unit: 'seconds',
      options: { min: 0 },
    },
    {
      id: 'funnel',
      kind: 'funnel',
      title: 'Ride funnel',
      grid: { x: 0, y: 6, w: 10, h: 7 },
      // B is the same window a week earlier: the baseline an abnormal drop is judged against (shared/funnel/baseline.ts).
      targets: [
        { refId: 'A', expr: 'step:ride_funnel_events:rate1m', legend: '{{step}}' },
        { refId: 'B', expr: 'step:ride_funnel_events:rate1m offset 1w', legend: '{{step}} a week earlier' },
      ],
      options: { steps: [...FUNNEL_STEPS], label: 'step', lagging: [...FUNNEL_LAGGING_STEPS], baselineRefId: 'B' },
    },
    {
      id: 'service-errors',
      kind: 'timeseries',
      title: 'Service error rate',
      grid: { x: 10, y: 6, w: 7, h: 7 },
      targets: [{ refId: 'A', expr: 'service:http_server_errors:ratio_rate1m', legend: '{{service}}' }],
      unit: 'percent',
      thresholds: { below: false, steps: [{ value: 0.05, color: 'red' }] },
      options: { min: 0 },
    },
    {
      id: 'payments',
      kind: 'timeseries',
      title: 'Payment success',
      grid: { x: 17, y: 6, w: 7, h: 7 },
      targets: [{ refId: 'A', expr: 'provider:payment_success:ratio_rate1m', legend: '{{provider}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.9, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'logs',
      kind: 'logs',
      title: 'Warnings and errors',
      grid: { x: 0, y: 13, w: 10, h: 8 },
      options: { query: '{level=~"warn|error"}', limit: 200 },
    },
    {
      // Which service is failing, worst first, beside the releases that may explain it.
      id: 'service-health-grid',
      kind: 'heatgrid',
      title: 'Services',
      grid: { x: 10, y: 13, w: 5, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_errors:ratio_rate1m' }],
      options: { rowLabel: 'service', columns: [serviceErrorsColumn], sortWorstFirst: true },
    },
    {
      id: 'deployments',
      kind: 'deployments',
      title: 'Blue / green',
      grid: { x: 15, y: 13, w: 9, h: 8 },
    },
  ],
});
