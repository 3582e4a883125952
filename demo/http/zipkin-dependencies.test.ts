import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../fleet/fleet';
import { startDemoServer, type DemoServer } from '../server';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);
const HOUR = 3_600_000;
let fleet: Fleet;
let server: DemoServer;

beforeAll(async () => {
  fleet = new Fleet({ locks: 5000, unlocksPerSecond: 4, now: () => T0 });
  server = await startDemoServer(fleet, { port: 0 });
  for (let i = 0; i < 60; i++) fleet.tick(5000); // 5 minutes: unlocks, and rides that end and pay
});
afterAll(async () => {
  await server.close();
});

interface Link {
  parent: string;
  child: string;
  callCount: number;
  errorCount?: number;
}
const dependencies = async (query: string) => {
  const res = await fetch(`${server.url}/api/v2/dependencies?${query}`);
  return { status: res.status, body: res.status === 200 ? ((await res.json()) as Link[]) : await res.text() };
};

describe("the demo fleet's Zipkin /api/v2/dependencies", () => {
  it('links the services its traces really call, in Zipkin’s shape', async () => {
    const { status, body } = await dependencies(`endTs=${T0 + 10 * 60_000}&lookback=${HOUR}`);
    expect(status).toBe(200);
    const links = body as Link[];
    const edge = (parent: string, child: string) => links.find((l) => l.parent === parent && l.child === child);
    // The unlock path, hop by hop, and the payment path.
    for (const [parent, child] of [
      ['rider-app', 'app-gateway'],
      ['app-gateway', 'ride-service'],
      ['ride-service', 'lock-service'],
      ['lock-service', 'iot-gateway'],
      ['ride-service', 'payment-service'],
      ['payment-service', 'wallet-db'],
    ] as const) {
      expect(edge(parent, child)?.callCount, `${parent} → ${child}`).toBeGreaterThan(0);
    }
    // Uninstrumented callees are linked from the client span's remote endpoint, as Zipkin does.
    expect(edge('iot-gateway', 'lock')?.callCount).toBeGreaterThan(0);
    // Every request through the gateway goes on to ride-service; nothing calls backwards.
    expect(edge('app-gateway', 'ride-service')!.callCount).toBe(edge('rider-app', 'app-gateway')!.callCount);
    expect(edge('lock-service', 'ride-service')).toBeUndefined();
    expect(links.every((l) => l.parent !== l.child && Object.keys(l).every((k) => ['parent', 'child', 'callCount', 'errorCount'].includes(k)))).toBe(true);
    // errorCount is written only when some calls failed, as Zipkin writes it.
    expect(links.every((l) => l.errorCount === undefined || (l.errorCount > 0 && l.errorCount <= l.callCount))).toBe(true);
    expect(links.map((l) => `${l.parent}>${l.child}`)).toEqual(links.map((l) => `${l.parent}>${l.child}`).sort());
  });

  it('counts each call once: the sum over two halves of a window is the whole', async () => {
    const whole = (await dependencies(`endTs=${T0 + 6 * 60_000}&lookback=${6 * 60_000}`)).body as Link[];
    const first = (await dependencies(`endTs=${T0 + 3 * 60_000}&lookback=${3 * 60_000}`)).body as Link[];
    const second = (await dependencies(`endTs=${T0 + 6 * 60_000}&lookback=${3 * 60_000}`)).body as Link[];
    const count = (links: Link[], parent: string, child: string) => links.find((l) => l.parent === parent && l.child === child)?.callCount ?? 0;
    expect(count(first, 'ride-service', 'lock-service')).toBeGreaterThan(0);
    expect(count(first, 'ride-service', 'lock-service') + count(second, 'ride-service', 'lock-service')).toBe(count(whole, 'ride-service', 'lock-service'));
  });

  it('answers nothing for a window before the fleet ran, and refuses a query without endTs', async () => {
    expect((await dependencies(`endTs=${T0 - HOUR}&lookback=${HOUR}`)).body).toEqual([]);
    const missing = await dependencies('lookback=3600000');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatch(/endTs/);
  });
});
