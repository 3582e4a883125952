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

/**
 * Steps that come minutes after the step before (a ride ends a ride's length after it
 * starts; it is paid when it ends), so within one window they can outnumber it.
 */
export const FUNNEL_LAGGING_STEPS: readonly FunnelStep[] = ['ride_end', 'payment_success'];
