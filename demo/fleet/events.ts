import type { Channel, City, FunnelStep, HttpCode, PaymentResult, Provider, UnlockResult } from './catalog';

/**
 * What the simulation reports as it runs. The in-process stats and the Prometheus exporter
 * both listen, so the embedded source and a real Prometheus see the same events.
 */
export interface FleetObserver {
  /** `count` > 1 only in a sampled backfill, where one simulated event stands for several. */
  unlock(city: City, channel: Channel, result: UnlockResult, seconds: number, count: number): void;
  funnel(city: City, step: FunnelStep, count: number): void;
  payment(provider: Provider, result: PaymentResult, count: number): void;
  /** Requests served by `service` (the server half of an RPC). */
  http(service: string, route: string, code: HttpCode, seconds: number, traceId: string, count: number): void;
}
