import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource, EmbeddedFleet, startDemoServer, type DemoServer } from '../../demo/index';
import type { LogLine } from '../../shared';
import { logTailCollector as collector, until } from '../../testing/log-tail-collector';
import { createLokiSource } from './loki';
import type { DataSource, LogTailHandle } from './types';

/**
 * The Loki connector's tail against the demo fleet's own `/loki/api/v1/tail` (what
 * `npm run stack` points the `loki` source at), and the embedded fleet's in-process tail.
 */
let t = Date.UTC(2024, 5, 3, 2, 0, 0);
const now = () => t;
let embedded: EmbeddedFleet;
let server: DemoServer;

beforeAll(async () => {
  embedded = new EmbeddedFleet({ sourceId: 'demo', locks: 2000, unlocksPerSecond: 30, now, autoStart: false, backfillMs: 10_000 });
  t += 30_000;
  embedded.advanceTo(t);
  server = await startDemoServer(embedded.fleet, { port: 0 });
});
afterAll(async () => {
  await server.close();
  embedded.stop();
});

const key = (l: LogLine) => `${l.nanos} ${l.message}`;

/** Backlog first, then exactly the lines the fleet writes next: the same for both ways in. */
async function followsTheFleet(source: DataSource): Promise<void> {
  const query = '{job="lockstep-demo"}';
  const start = t - 20_000;
  const recent = await source.logs!.queryLogs({ query, start, end: t, limit: 15 });
  expect(recent.lines).toHaveLength(15);
  const { seen, sink } = collector();
  let tail: LogTailHandle | undefined;
  try {
    tail = source.logs!.tail!({ query, start, limit: 15 }, sink);
    await until(() => seen.lines.length >= 15, 'the backlog');
    // The newest 15 lines since start, oldest first, as query_range has them newest first.
    expect(seen.lines.map(key)).toEqual(recent.lines.map(key).reverse());
    const before = t;
    t += 3000;
    embedded.advanceTo(t);
    // Exactly what query_range shows for the new seconds, each once: nothing lost, nothing repeated.
    const arrived = await source.logs!.queryLogs({ query, start: before + 1, end: t, limit: 5000 });
    expect(arrived.lines.length).toBeGreaterThan(0);
    await until(() => seen.lines.length >= 15 + arrived.lines.length, `${arrived.lines.length} new lines`);
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.lines.slice(15).map(key).sort()).toEqual(arrived.lines.map(key).sort());
    expect(seen.lines.slice(15).every((l) => l.labels.job === 'lockstep-demo' && l.service === l.labels.service)).toBe(true);
    expect(seen.states).toEqual([{ state: 'live' }]);
    expect(seen.dropped).toBe(0);
  } finally {
    tail?.close();
  }
}

describe('tailing the demo fleet', () => {
  it('through its Loki API over WebSocket', async () => {
    await followsTheFleet(createLokiSource({ id: 'loki', name: 'Logs (demo fleet, Loki API)', kind: 'loki', url: server.url, timeoutMs: 2000 }));
  });

  it('in-process, from the embedded source', async () => {
    const source = createDemoSource({ id: 'demo', name: 'Demo', kind: 'demo', locks: 20_000, seed: 1, scheduledIncidents: false }, { now, autoStart: false });
    // The embedded source runs its own fleet: follow that one.
    const own = source.embedded;
    const { seen, sink } = collector();
    const tail = source.logs!.tail!({ query: '{job="lockstep-demo"}', start: t - 60_000, limit: 5 }, sink);
    try {
      await until(() => seen.states.length > 0, 'a state');
      expect(seen.states).toEqual([{ state: 'live' }]);
      const before = t;
      t += 20_000;
      own.advanceTo(t);
      const arrived = await source.logs!.queryLogs({ query: '{job="lockstep-demo"}', start: before + 1, end: t, limit: 5000 });
      expect(arrived.lines.length).toBeGreaterThan(0);
      await until(() => arrived.lines.every((a) => seen.lines.some((l) => key(l) === key(a))), 'the new lines');
      expect(new Set(seen.lines.map(key)).size).toBe(seen.lines.length);
      expect(seen.lines.every((l) => l.service !== undefined && l.labels.service === l.service)).toBe(true);
    } finally {
      tail.close();
      await source.close?.();
    }
  });

  it('a query outside the demo’s LogQL subset fails for good, with the demo’s reason, both ways', async () => {
    const loki = createLokiSource({ id: 'loki', name: 'Logs', kind: 'loki', url: server.url, timeoutMs: 2000 });
    const a = collector();
    const tail = loki.logs!.tail!({ query: 'rate({job="x"}[1m])', start: t, limit: 5 }, a.sink);
    await until(() => a.seen.states.length > 0, 'a state');
    tail.close();
    expect(a.seen.states).toEqual([{ state: 'failed', message: expect.stringMatching(/^Logs rejected the tail query: cannot parse "rate\(\{job="x"\}\[1m\]\)": the demo fleet answers a LogQL subset/) }]);
  });

  it('refuses delay_for over 5 s with Loki’s words', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/loki/api/v1/tail?query=${encodeURIComponent('{job="x"}')}&delay_for=6`);
    ws.on('error', () => undefined);
    const refusal = await new Promise<{ status?: number; body: string }>((resolve) => {
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
    });
    expect(refusal).toEqual({ status: 400, body: "delay_for can't be greater than 5\n" });
    ws.terminate();
  });
});
