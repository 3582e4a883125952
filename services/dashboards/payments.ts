import { type Dashboard, DashboardSchema } from '../../shared';

/**
 * Payments: whether riders can pay, by provider, and how the payment path (payment-service
 * and the wallet database behind it) is doing, from recorded series only
 * (shared/rules/lockstep-rules.ts), so the embedded demo and a real Prometheus read alike.
 */
export const paymentsDashboard: Dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'payments',
  title: 'Payments',
  rangeSeconds: 30 * 60,
  refreshSeconds: 5,
  timezone: 'local',
  panels: [
    {
      // One big number for every provider together, readable from across the room; the chart below splits it.
      id: 'payment-success-now',
      kind: 'stat',
      title: 'Payment success now (all providers)',
      grid: { x: 0, y: 0, w: 24, h: 5 },
      targets: [{ refId: 'A', expr: ':payment_success:ratio_rate1m', legend: 'all providers' }],
      // Below 90 % is the war room's red line for payments (services/dashboards/war-room.ts).
      options: { unit: 'percent', reduce: 'last', base: 'bad', thresholds: [{ value: 0.9, color: 'warn' }, { value: 0.97, color: 'ok' }] },
    },
    {
      id: 'payment-success',
      kind: 'timeseries',
      title: 'Payment success by provider',
      grid: { x: 0, y: 5, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: 'provider:payment_success:ratio_rate1m', legend: '{{provider}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.9, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    {
      id: 'payment-errors',
      kind: 'timeseries',
      title: 'payment-service errors (5xx share)',
      grid: { x: 12, y: 5, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_errors:ratio_rate1m{service="payment-service"}', legend: '{{service}}' }],
      unit: 'percent',
      thresholds: { below: false, steps: [{ value: 0.05, color: 'red' }] },
      options: { min: 0 },
    },
    {
      id: 'payment-latency',
      kind: 'timeseries',
      title: 'Payment path latency p95 (dots: traces)',
      grid: { x: 0, y: 13, w: 12, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_request_duration_seconds:p95_rate1m{service=~"payment-service|wallet-db"}', legend: '{{service}}' }],
      unit: 'seconds',
      options: { min: 0 },
    },
    {
      id: 'payment-logs',
      kind: 'logs',
      title: 'payment-service warnings and errors',
      grid: { x: 12, y: 13, w: 12, h: 8 },
      options: { query: '{service="payment-service", level=~"warn|error"}', limit: 200 },
    },
  ],
});
