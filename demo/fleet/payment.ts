import type { City, HttpCode, PaymentResult, Provider } from './catalog';
import { TraceBuilder, type Hop, type SimContext } from './sim-context';

export interface PaymentRequest {
  time: number;
  city: City;
  provider: Provider;
  /** The provider is in an outage. */
  degraded: boolean;
  amountCents: number;
}

const PROVIDER_TIMEOUT_US = 10e6;

function chooseResult(ctx: SimContext, degraded: boolean): PaymentResult {
  const x = ctx.rng.next();
  if (degraded) return x < 0.35 ? 'error' : x < 0.6 ? 'timeout' : x < 0.62 ? 'declined' : 'success';
  return x < 0.004 ? 'error' : x < 0.006 ? 'timeout' : x < 0.02 ? 'declined' : 'success';
}

const CODES: Record<PaymentResult, HttpCode> = { success: '200', declined: '402', error: '502', timeout: '504' };

/** Charging a finished ride: gateway → ride-service → payment-service → wallet-db and the provider. */
export function simulatePayment(ctx: SimContext, p: PaymentRequest): { result: PaymentResult; traceId: string } {
  const { rng } = ctx;
  const tb = new TraceBuilder(ctx);
  const result = chooseResult(ctx, p.degraded);
  const code = CODES[result];
  const chainHops: Hop[] = [
    { client: 'rider-app', server: 'app-gateway', name: 'post /v1/rides/end', route: 'POST /v1/rides/end', code, netUs: 45_000 },
    { client: 'app-gateway', server: 'ride-service', name: 'end ride', route: '/rides/end', code },
    {
      client: 'ride-service',
      server: 'payment-service',
      name: 'charge',
      route: '/payments/charge',
      code,
      ...(result === 'error' || result === 'timeout' ? { serverError: `${p.provider} ${result}` } : {}),
    },
  ];
  const rootId = rng.hexId();
  const t0 = p.time * 1000;
  const inner = (start: number, parentId: string): number => {
    const providerTime = result === 'timeout' ? PROVIDER_TIMEOUT_US : rng.logNormal(p.degraded ? 900_000 : 180_000, 0.5);
    tb.single({
      id: tb.newId(),
      parentId,
      kind: 'CLIENT',
      name: `${p.provider} charge`,
      timestamp: start,
      duration: providerTime,
      localEndpoint: { serviceName: 'payment-service' },
      remoteEndpoint: { serviceName: p.provider },
      tags: { 'payment.provider': p.provider, ...(result === 'error' || result === 'timeout' ? { error: result } : result === 'declined' ? { 'payment.result': 'declined' } : {}) },
    });
    const after = start + providerTime + tb.work();
    if (result !== 'success') return after;
    const walletHop: Hop = { client: 'payment-service', server: 'wallet-db', name: 'debit', route: 'debit', code: '200', netUs: 800 };
    return tb.chain([walletHop], 0, parentId, after, (s) => s + rng.logNormal(2500, 0.6));
  };
  const cr = tb.chain(chainHops, 0, rootId, t0 + rng.logNormal(20_000, 0.3), inner);
  tb.single({
    id: rootId,
    name: 'end ride and pay',
    timestamp: t0,
    duration: cr - t0,
    localEndpoint: { serviceName: 'rider-app' },
    tags: { city: p.city, 'payment.provider': p.provider, result, ...(result === 'error' || result === 'timeout' ? { error: result } : {}) },
  });
  tb.finish();
  ctx.observer.payment(p.provider, result, ctx.weight);
  if (ctx.detail) {
    const level = result === 'success' ? 'info' : result === 'declined' ? 'warn' : 'error';
    const msg =
      result === 'success' ? `charged ${(p.amountCents / 100).toFixed(2)} CNY via ${p.provider}`
      : result === 'declined' ? `${p.provider} declined the charge`
      : result === 'timeout' ? `${p.provider} did not answer within 10s; ride left unpaid`
      : `${p.provider} returned an error; ride left unpaid`;
    ctx.addLog({ time: Math.round((cr - 0) / 1000), service: 'payment-service', level, msg, traceId: tb.traceId, city: p.city, fields: { provider: p.provider, amountCents: p.amountCents } });
  }
  return { result, traceId: tb.traceId };
}
