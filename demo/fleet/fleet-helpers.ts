import type { Channel, City, FunnelStep, HttpCode, PaymentResult, Provider, UnlockResult } from './catalog';
import type { FleetObserver } from './events';

/** Passes every event to each listener in turn. */
export class FanoutObserver implements FleetObserver {
  constructor(private readonly observers: FleetObserver[]) {}

  add(o: FleetObserver): void {
    this.observers.push(o);
  }

  unlock(city: City, channel: Channel, result: UnlockResult, seconds: number, count: number): void {
    for (const o of this.observers) o.unlock(city, channel, result, seconds, count);
  }

  funnel(city: City, step: FunnelStep, count: number): void {
    if (count > 0) for (const o of this.observers) o.funnel(city, step, count);
  }

  payment(provider: Provider, result: PaymentResult, count: number): void {
    for (const o of this.observers) o.payment(provider, result, count);
  }

  http(service: string, route: string, code: HttpCode, seconds: number, traceId: string, count: number): void {
    for (const o of this.observers) o.http(service, route, code, seconds, traceId, count);
  }
}

/** Hour of day in China (UTC+8), where the reference fleet runs. */
function localHour(epochMs: number): number {
  return (((epochMs / 3_600_000 + 8) % 24) + 24) % 24;
}

/** Demand relative to the base rate: quiet nights, commuter peaks at 08:30 and 18:00. */
export function demandFactor(epochMs: number): number {
  const h = localHour(epochMs);
  const bump = (at: number, width: number) => Math.exp(-(((h - at) / width) ** 2));
  return 0.25 + bump(8.5, 1.3) + 0.9 * bump(18, 1.8) + (h >= 7 && h < 22 ? 0.45 : 0);
}

export function isDaylight(epochMs: number): boolean {
  const h = localHour(epochMs);
  return h >= 6 && h < 18;
}
