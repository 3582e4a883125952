import type { Channel, City, HttpCode, UnlockResult } from './catalog';
import { TraceBuilder, type Hop, type SimContext } from './sim-context';

export interface UnlockRequest {
  /** Epoch ms the rider scanned the QR code. */
  time: number;
  city: City;
  lockId: string;
  channel: Channel;
  /** The lock has power and a working modem. */
  lockAlive: boolean;
  /** The city's IoT gateway cannot reach its locks. */
  gatewayPartitioned: boolean;
  /** lock-service's live colour carries the defective release. */
  badRelease: boolean;
  lockServiceVersion: string;
}

export interface UnlockOutcome {
  result: UnlockResult;
  seconds: number;
  traceId: string;
}

const GPRS_TIMEOUT_US = 8e6;
const BLE_TIMEOUT_US = 5e6;
type Path = 'ok' | 'rejected' | 'jammed' | 'lost' | 'release-503' | 'release-hang';

function choosePath(ctx: SimContext, r: UnlockRequest): Path {
  const { rng } = ctx;
  if (rng.chance(0.01)) return 'rejected';
  if (r.badRelease) {
    const x = rng.next();
    if (x < 0.22) return 'release-503';
    if (x < 0.37) return 'release-hang';
  }
  if (!r.lockAlive) return 'lost';
  if (r.channel === 'gprs' && r.gatewayPartitioned) return 'lost';
  if (rng.chance(r.channel === 'gprs' ? 0.012 : 0.008)) return 'lost';
  if (rng.chance(0.01)) return 'jammed';
  return 'ok';
}

const hops = (codes: [HttpCode, HttpCode, HttpCode?, HttpCode?], extra: Partial<Record<number, Partial<Hop>>> = {}): Hop[] => {
  const all: Hop[] = [
    { client: 'rider-app', server: 'app-gateway', name: 'post /v1/unlock', route: 'POST /v1/unlock', code: codes[0], netUs: 45_000 },
    { client: 'app-gateway', server: 'ride-service', name: 'unlock', route: '/rides/unlock', code: codes[1] },
    { client: 'ride-service', server: 'lock-service', name: 'unlock', route: '/locks/unlock', code: codes[2] ?? '200' },
    { client: 'lock-service', server: 'iot-gateway', name: 'send unlock command', route: '/commands/unlock', code: codes[3] ?? '200' },
  ];
  const n = codes.filter((c) => c !== undefined).length;
  return all.slice(0, n).map((h, i) => ({ ...h, ...extra[i] }));
};

/** One rider's unlock attempt: the spans, the RED metrics of each hop, and the log lines. */
export function simulateUnlock(ctx: SimContext, r: UnlockRequest): UnlockOutcome {
  const { rng } = ctx;
  const tb = new TraceBuilder(ctx);
  const path = choosePath(ctx, r);
  const gprs = r.channel === 'gprs';
  const t0 = r.time * 1000;
  const rootId = tb.newId();
  const cs = t0 + rng.logNormal(40_000, 0.4);
  const lockRtt = gprs ? rng.logNormal(1.5e6, 0.45) : 0;
  const gprsTimeout = gprs && (path === 'lost' || lockRtt > GPRS_TIMEOUT_US);
  let result: UnlockResult = 'success';
  let chainHops: Hop[];
  let inner: (start: number, parentId: string) => number = (start) => start + tb.work();

  if (path === 'rejected') {
    result = 'rejected';
    chainHops = hops(['403', '403']);
  } else if (path === 'release-503') {
    result = 'failure';
    chainHops = hops(['502', '502', '503'], { 2: { serverError: `connection pool exhausted (lock-service ${r.lockServiceVersion})` } });
  } else if (path === 'release-hang') {
    result = 'timeout';
    chainHops = hops(['504', '504', '500'], { 1: { clientTimeoutUs: GPRS_TIMEOUT_US, serverError: 'lock-service did not answer' }, 2: { serverError: 'handler stalled on lock row' } });
    inner = (start) => start + rng.logNormal(9.5e6, 0.1);
  } else if (gprs) {
    const jammed = path === 'jammed' && !gprsTimeout;
    result = gprsTimeout ? 'timeout' : jammed ? 'failure' : 'success';
    const code: HttpCode = gprsTimeout ? '504' : jammed ? '409' : '200';
    chainHops = hops([code, code, code, gprsTimeout ? '504' : '200'], gprsTimeout ? { 3: { serverError: 'lock did not acknowledge' } } : {});
    inner = (start, parentId) => {
      const took = gprsTimeout ? GPRS_TIMEOUT_US : lockRtt;
      tb.single({
        id: tb.newId(),
        parentId,
        kind: 'CLIENT',
        name: 'mqtt unlock',
        timestamp: start,
        duration: took,
        localEndpoint: { serviceName: 'iot-gateway' },
        remoteEndpoint: { serviceName: 'lock' },
        tags: { 'lock.id': r.lockId, ...(gprsTimeout ? { error: 'timeout' } : jammed ? { 'lock.result': 'jammed' } : {}) },
      });
      return start + took;
    };
  } else {
    chainHops = hops(['200', '200', '200']);
  }

  const cr = tb.chain(chainHops, 0, rootId, cs, inner);
  let end = cr;
  if (!gprs && (path === 'ok' || path === 'jammed' || path === 'lost')) {
    // Bluetooth: the server hands out a token; the phone opens the lock itself.
    const bleTime = path === 'lost' ? BLE_TIMEOUT_US : rng.logNormal(0.33e6, 0.35);
    const bleStart = cr + rng.logNormal(15_000, 0.3);
    const timedOut = path === 'lost' || bleTime > BLE_TIMEOUT_US;
    result = timedOut ? 'timeout' : path === 'jammed' ? 'failure' : 'success';
    const took = Math.min(bleTime, BLE_TIMEOUT_US);
    tb.single({
      id: tb.newId(),
      parentId: rootId,
      kind: 'CLIENT',
      name: 'ble unlock',
      timestamp: bleStart,
      duration: took,
      localEndpoint: { serviceName: 'rider-app' },
      remoteEndpoint: { serviceName: 'lock' },
      tags: { 'lock.id': r.lockId, ...(timedOut ? { error: 'timeout' } : path === 'jammed' ? { 'lock.result': 'jammed' } : {}) },
    });
    end = bleStart + took;
  }
  tb.single({
    id: rootId,
    name: 'scan to unlock',
    timestamp: t0,
    duration: end - t0,
    localEndpoint: { serviceName: 'rider-app' },
    tags: { city: r.city, channel: r.channel, 'lock.id': r.lockId, result, ...(result !== 'success' ? { error: result } : {}) },
  });
  tb.finish();
  if (ctx.detail) logUnlock(ctx, r, path, result, tb.traceId, (end - t0) / 1000);
  return { result, seconds: (end - t0) / 1e6, traceId: tb.traceId };
}

function logUnlock(ctx: SimContext, r: UnlockRequest, path: Path, result: UnlockResult, traceId: string, ms: number): void {
  const base = { traceId, city: r.city, fields: { lockId: r.lockId, channel: r.channel, durationMs: Math.round(ms) } };
  const at = (offsetMs: number) => Math.round(r.time + offsetMs);
  const add = (service: string, level: 'info' | 'warn' | 'error', msg: string) => ctx.addLog({ time: at(ms), service, level, msg, ...base });
  if (result === 'success') return add('lock-service', 'info', `unlock succeeded over ${r.channel}`);
  if (path === 'rejected') return add('ride-service', 'warn', 'unlock rejected: rider has an unpaid balance');
  if (path === 'release-503') {
    add('lock-service', 'error', `connection pool exhausted, returning 503 (version ${r.lockServiceVersion})`);
    return add('app-gateway', 'error', 'upstream ride-service returned 502 for unlock');
  }
  if (path === 'release-hang') {
    add('ride-service', 'error', 'lock-service did not answer within 8s');
    return add('lock-service', 'error', `unlock handler stalled for ${Math.round(ms / 100) / 10}s (version ${r.lockServiceVersion})`);
  }
  if (result === 'timeout' && r.channel === 'gprs') {
    add('iot-gateway', 'error', r.gatewayPartitioned ? `no route to the ${r.city} gateway cluster: unlock command dropped` : 'lock did not acknowledge the unlock command within 8s');
    return add('lock-service', 'error', 'unlock timed out waiting for the lock');
  }
  if (result === 'timeout') return add('app-gateway', 'warn', 'rider app reported a bluetooth unlock timeout');
  add('lock-service', 'warn', 'lock reported a jammed latch');
}
