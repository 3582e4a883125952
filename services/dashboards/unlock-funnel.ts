import { type Dashboard, DashboardSchema } from '../../shared';
import { FUNNEL_LAGGING_STEPS, FUNNEL_STEPS } from '../../shared/funnel/steps';

const SERIES = 'city_step:ride_funnel_events:rate1m';
const SELECTED = `${SERIES}{city=~"$city"}`;

/**
 * The ride funnel per city: the funnel over the range beside the same window a week
 * earlier (an abnormal drop judged against it, shared/funnel/baseline.ts), and each step's
 * rate over time. Its queries are plain selectors summed per step in shared/funnel, so
 * the embedded demo (which runs no PromQL aggregation) answers them as a Prometheus does.
 */
export const unlockFunnelDashboard: Dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'unlock-funnel',
  title: 'Unlock funnel',
  rangeSeconds: 30 * 60,
  refreshSeconds: 10,
  timezone: 'local',
  variables: [
    {
      name: 'city',
      label: 'City',
      type: 'query',
      query: { label: 'city', match: SERIES },
      includeAll: true,
      multi: true,
      allValue: '.+',
      current: ['$__all'],
    },
  ],
  panels: [
    {
      id: 'funnel',
      kind: 'funnel',
      title: 'Ride funnel of the chosen cities',
      grid: { x: 0, y: 0, w: 14, h: 9 },
      targets: [
        { refId: 'A', expr: SELECTED, legend: '{{city}} {{step}}' },
        { refId: 'B', expr: `${SELECTED} offset 1w`, legend: '{{city}} {{step}} a week earlier' },
      ],
      options: { steps: [...FUNNEL_STEPS], label: 'step', lagging: [...FUNNEL_LAGGING_STEPS], baselineRefId: 'B' },
    },
    {
      id: 'unlock-success',
      kind: 'timeseries',
      title: 'Unlock success',
      grid: { x: 14, y: 0, w: 10, h: 9 },
      targets: [{ refId: 'A', expr: 'city:lock_unlock_success:ratio_rate1m{city=~"$city"}', legend: '{{city}}' }],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.9, color: 'red' }] },
      options: { min: 0, max: 1 },
    },
    ...FUNNEL_STEPS.map((step, i) => ({
      id: `rate-${step.replaceAll('_', '-')}`,
      kind: 'timeseries',
      title: `${step.replaceAll('_', ' ')} per second`,
      grid: { x: (i % 4) * 6, y: 9 + Math.floor(i / 4) * 6, w: 6, h: 6 },
      targets: [{ refId: 'A', expr: `${SERIES}{city=~"$city",step="${step}"}`, legend: '{{city}}' }],
      unit: 'none',
      options: { min: 0 },
    })),
  ],
});
