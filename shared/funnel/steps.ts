/** The ride funnel of the metric contract (`ride_funnel_events_total{step}`), in order. */
export const FUNNEL_STEPS = [
  'app_open',
  'scan',
  'unlock_request',
  'unlock_success',
  'ride_start',
  'ride_end',
  'payment_success',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];
