import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedFleet, startDemoServer, type DemoServer } from '../../demo/index';
import { type EventEnvelope, events, type LogTailEvent, type RpcReply } from '../../shared';
import { createLokiSource } from '../datasources/loki';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';

/**
 * "Add a Loki and tail it live", through the contract: a console calls startLogTail, the
 * services tail the demo fleet's Loki API over WebSocket, and `logTail` events arrive
 * that parse against the contract; stopLogTail and leaving end it.
 */
let t = Date.UTC(2024, 5, 3, 2, 0, 0);
let embedded: EmbeddedFleet;
let server: DemoServer;
let services: LockstepServices;

beforeAll(async () => {
  embedded = new EmbeddedFleet({ sourceId: 'demo', locks: 2000, unlocksPerSecond: 30, now: () => t, autoStart: false, backfillMs: 10_000 });
  t += 20_000;
  embedded.advanceTo(t);
  server = await startDemoServer(embedded.fleet, { port: 0 });
  const loki = createLokiSource({ id: 'loki', name: 'Logs (demo fleet, Loki API)', kind: 'loki', url: server.url, timeoutMs: 2000 });
  services = servicesFrom([loki], { mode: 'custom', alertPollSeconds: 300 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-tail-')), version: 't', defaultActor: 'tester' });
});
afterAll(async () => {
  await services.close();
  await server.close();
  embedded.stop();
});

function console_(id: string) {
  const tail: LogTailEvent[] = [];
  const session: ClientSession = {
    id,
    host: 'web',
    send: (e: EventEnvelope) => {
      if (e.event === 'logTail') tail.push(events.logTail.parse(e.payload));
    },
  };
  services.attach(session);
  const call = async (method: 'startLogTail' | 'stopLogTail', request: unknown) => {
    const reply: RpcReply = await services.handle(method, request, session);
    return reply;
  };
  return { session, tail, call };
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live log tails through the services', () => {
  it('startLogTail streams the demo’s lines as logTail events until stopLogTail', async () => {
    const desk = console_('desk');
    expect(await desk.call('startLogTail', { tailId: 'logs', query: '{level=~"warn|error"}', start: t - 5000, limit: 20 })).toEqual({ ok: true, value: { tailId: 'logs', state: 'connecting' } });
    await until(() => desk.tail.some((e) => e.state === 'live'), 'live');
    t += 10_000;
    embedded.advanceTo(t);
    await until(() => desk.tail.some((e) => e.lines.length > 0 && e.lines[0]!.time > t - 10_000), 'new lines');
    const shown = desk.tail.flatMap((e) => e.lines);
    expect(shown.every((l) => l.level === 'warn' || l.level === 'error')).toBe(true);
    expect(new Set(shown.map((l) => `${l.nanos} ${l.message}`)).size).toBe(shown.length);
    expect(shown.some((l) => l.traceId && /^[0-9a-f]{16,32}$/.test(l.traceId))).toBe(true);
    expect(await desk.call('stopLogTail', { tailId: 'logs' })).toEqual({ ok: true, value: { stopped: true } });
    const count = desk.tail.length;
    t += 10_000;
    embedded.advanceTo(t);
    await new Promise((r) => setTimeout(r, 700));
    expect(desk.tail.length).toBe(count);
  });

  it('a query the source rejects comes back as a failed event in its words; a bad request is refused by the contract', async () => {
    const wall = console_('wall');
    await wall.call('startLogTail', { tailId: 'logs', query: 'not logql', limit: 5 });
    await until(() => wall.tail.some((e) => e.state === 'failed'), 'failed');
    expect(wall.tail.at(-1)!.message).toMatch(/^Logs \(demo fleet, Loki API\) rejected the tail query: cannot parse "not logql"/);
    expect(await wall.call('startLogTail', { tailId: '', query: '{a="b"}' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    services.detach('wall');
  });
});
