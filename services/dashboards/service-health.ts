import { type Dashboard, DashboardSchema } from '../../shared';

/**
 * Service health: how each service is doing, one service or all, from the recorded
 * per-service series (shared/rules/lockstep-rules.ts) so it reads the same from the
 * embedded demo and from a real Prometheus with the stack's rules. Its latency series'
 * histogram carries trace exemplars, so a slow dot opens the trace of that request.
 * The `service` variable narrows every panel at once, the logs included.
 */
export const serviceHealthDashboard: Dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'service-health',
  title: 'Service health',
  rangeSeconds: 30 * 60,
  refreshSeconds: 5,
  timezone: 'local',
  variables: [
    {
      name: 'service',
      label: 'Service',
      type: 'query',
      query: { label: 'service', match: 'service:http_server_errors:ratio_rate1m' },
      includeAll: true,
      multi: true,
      current: ['$__all'],
    },
  ],
  panels: [
    {
      id: 'service-errors-now',
      kind: 'stat',
      title: 'Error rate now',
      grid: { x: 0, y: 0, w: 24, h: 4 },
      targets: [{ refId: 'A', expr: 'service:http_server_errors:ratio_rate1m{service=~"$service"}', legend: '{{service}}' }],
      // The same 5 % the war room's error panel marks red (services/dashboards/war-room.ts).
      options: { unit: 'percent', reduce: 'last', base: 'ok', thresholds: [{ value: 0.01, color: 'warn' }, { value: 0.05, color: 'bad' }] },
    },
    {
      id: 'service-error-rate',
      kind: 'timeseries',
      title: 'Error rate (5xx share of requests)',
      grid: { x: 0, y: 4, w: 8, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_errors:ratio_rate1m{service=~"$service"}', legend: '{{service}}' }],
      unit: 'percent',
      thresholds: { below: false, steps: [{ value: 0.05, color: 'red' }] },
      options: { min: 0 },
    },
    {
      id: 'service-request-rate',
      kind: 'timeseries',
      title: 'Requests per second',
      grid: { x: 8, y: 4, w: 8, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_requests:rate1m{service=~"$service"}', legend: '{{service}}' }],
      unit: 'reqps',
      options: { min: 0 },
    },
    {
      id: 'service-latency',
      kind: 'timeseries',
      title: 'Latency p95 (dots: traces of slow requests)',
      grid: { x: 16, y: 4, w: 8, h: 8 },
      targets: [{ refId: 'A', expr: 'service:http_server_request_duration_seconds:p95_rate1m{service=~"$service"}', legend: '{{service}}' }],
      unit: 'seconds',
      options: { min: 0 },
    },
    {
      id: 'service-logs',
      kind: 'logs',
      title: 'Logs of $service',
      grid: { x: 0, y: 12, w: 14, h: 9 },
      options: { query: '{service=~"$service"}', limit: 200 },
    },
    {
      id: 'service-deployments',
      kind: 'deployments',
      title: 'Blue / green',
      grid: { x: 14, y: 12, w: 10, h: 9 },
    },
  ],
});
