/**
 * The fixed vocabulary of the demo fleet. Label values come only from these lists, which is
 * what keeps the exporter's cardinality small and lets the stats live in flat arrays.
 */
export const CITIES = ['shenzhen', 'shanghai', 'beijing', 'chengdu', 'hangzhou'] as const;
export type City = (typeof CITIES)[number];
/** Share of the fleet in each city (same order as CITIES). */
export const CITY_WEIGHTS = [0.26, 0.24, 0.22, 0.14, 0.14] as const;

export type ChargeKind = 'solar' | 'dynamo';
export const MODELS = [
  { name: 'LK-300', charge: 'solar' as ChargeKind, weight: 0.45 },
  { name: 'LK-500', charge: 'dynamo' as ChargeKind, weight: 0.35 },
  { name: 'LK-700', charge: 'solar' as ChargeKind, weight: 0.2 },
] as const;
export const FIRMWARES = [
  { name: '3.2.1', weight: 0.15 },
  { name: '3.4.0', weight: 0.55 },
  { name: '3.5.2', weight: 0.3 },
] as const;

export const CHANNELS = ['gprs', 'bluetooth'] as const;
export type Channel = (typeof CHANNELS)[number];
export const UNLOCK_RESULTS = ['success', 'timeout', 'failure', 'rejected'] as const;
export type UnlockResult = (typeof UNLOCK_RESULTS)[number];

export { FUNNEL_STEPS, type FunnelStep } from '../../shared/funnel/steps';

export const PROVIDERS = ['alipay', 'wechatpay', 'unionpay'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const PROVIDER_WEIGHTS = [0.5, 0.4, 0.1] as const;
export const PAYMENT_RESULTS = ['success', 'declined', 'error', 'timeout'] as const;
export type PaymentResult = (typeof PAYMENT_RESULTS)[number];

/** The services that serve HTTP, each with the routes the simulation calls. */
export const HTTP_ROUTES = [
  { service: 'app-gateway', route: 'POST /v1/unlock' },
  { service: 'app-gateway', route: 'POST /v1/rides/end' },
  { service: 'ride-service', route: '/rides/unlock' },
  { service: 'ride-service', route: '/rides/end' },
  { service: 'lock-service', route: '/locks/unlock' },
  { service: 'iot-gateway', route: '/commands/unlock' },
  { service: 'payment-service', route: '/payments/charge' },
  { service: 'wallet-db', route: 'debit' },
] as const;
export type RouteRef = (typeof HTTP_ROUTES)[number];
export const HTTP_CODES = ['200', '402', '403', '409', '500', '502', '503', '504'] as const;
export type HttpCode = (typeof HTTP_CODES)[number];
export const HTTP_SERVICES = [...new Set(HTTP_ROUTES.map((r) => r.service))];
/** Every service that appears in traces (the rider's phone app is instrumented too). */
export const TRACE_SERVICES = ['rider-app', ...HTTP_SERVICES];
/** Services deployed blue/green (the database is not). */
export const DEPLOYED_SERVICES = ['app-gateway', 'ride-service', 'lock-service', 'iot-gateway', 'payment-service'] as const;

export const UNLOCK_BUCKETS = [0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13] as const;
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
export const BATTERY_BUCKETS = [5, 10, 20, 40, 60, 80, 100] as const;
export const HEARTBEAT_AGE_BUCKETS = [30, 60, 120, 300, 900, 3600, 86_400] as const;

const ROUTE_INDEX = new Map<string, Map<string, number>>();
HTTP_ROUTES.forEach((r, i) => {
  const byRoute = ROUTE_INDEX.get(r.service) ?? new Map<string, number>();
  byRoute.set(r.route, i);
  ROUTE_INDEX.set(r.service, byRoute);
});

export function routeIndex(service: string, route: string): number {
  return ROUTE_INDEX.get(service)?.get(route) ?? -1;
}

export function bucketIndex(bounds: readonly number[], value: number): number {
  for (let i = 0; i < bounds.length; i++) if (value <= (bounds[i] ?? Infinity)) return i;
  return bounds.length; // the +Inf bucket
}
