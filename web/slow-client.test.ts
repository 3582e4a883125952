import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { EventOf } from '../shared';
import { applyFrame, diffFrames, type FullFrame, LiveFrameSchema, toFullFrame } from '../shared/model/live-frame';
import { seriesFromColumns } from '../shared/model/series';
import type { ClientSession } from '../services/core/client';
import type { LockstepServices } from '../services/core/lockstep-services';
import { AccessPolicy } from './access';
import { WebSocketGateway } from './web-socket';

const TOKEN = 'b'.repeat(32);
const SERIES = 50;
const POINTS = 1000;
const STEP_MS = 15_000;
const REFRESHES = 60;

const sessions: ClientSession[] = [];
const services = {
  handle: () => Promise.resolve({ ok: true, value: null }),
  attach: (client: ClientSession) => void sessions.push(client),
  detach: () => undefined,
} as unknown as LockstepServices;

let server: Server;
let gateway: WebSocketGateway;
let port: number;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  // Each refresh revises every sample (about 0.5 MB as a delta), so 60 of them to a console
  // that reads nothing would pass the 8 MB hard limit several times over without pacing.
  gateway = new WebSocketGateway(services, new AccessPolicy(TOKEN, port), { softBytes: 256 * 1024, hardBytes: 8 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
});

afterAll(async () => {
  gateway.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The refresh-th answer: the window slid by one step and every sample changed. */
function frameFor(refresh: number): FullFrame {
  const start = 1_700_000_100_000 - (1_700_000_100_000 % STEP_MS) + refresh * STEP_MS;
  const times = Array.from({ length: POINTS }, (_, i) => start + i * STEP_MS);
  const series = Array.from({ length: SERIES }, (_, s) => seriesFromColumns('rate', { pod: `p${s}` }, times, times.map((_, i) => refresh * 1000 + s + i / 1000)));
  return toFullFrame({ series, fetchedAt: refresh, warnings: [] }, start, STEP_MS, POINTS, refresh)!;
}

interface Console {
  ws: WebSocket;
  frames: EventOf<'queryResult'>['frame'][];
  events: string[];
  closed?: number;
  held?: FullFrame;
  /** A delta that did not build on what was held: the chart would be wrong. */
  mismatches: number;
}

async function connect(): Promise<Console> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${port}` });
  const c: Console = { ws, frames: [], events: [], mismatches: 0 };
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { event: string; payload: { frame?: unknown } };
    c.events.push(message.event);
    if (message.event !== 'queryResult') return;
    const frame = LiveFrameSchema.parse(message.payload.frame);
    c.frames.push(frame);
    const next = applyFrame(c.held, frame);
    if (next) c.held = next;
    else c.mismatches += 1;
  });
  ws.on('close', (code) => (c.closed = code));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return c;
}

async function until(what: string, done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a slow console', () => {
  it('gets fewer frames, not a dropped connection, and the latest data once it reads again; a normal console gets every refresh as a delta', async () => {
    const fast = await connect();
    const slow = await connect();
    await until('both consoles attached', () => sessions.length === 2);
    slow.ws.pause();
    let previous: FullFrame | undefined;
    for (let refresh = 1; refresh <= REFRESHES; refresh += 1) {
      const next = frameFor(refresh);
      const frame = diffFrames(previous, next);
      previous = next;
      for (const session of sessions) session.send({ event: 'queryResult', payload: { queryId: 'wall/A', frame, at: refresh } });
      if (refresh === 30) for (const session of sessions) session.send({ event: 'alerts', payload: { alerts: [], fetchedAt: refresh } });
      await until(`the normal console to read refresh ${refresh}`, () => fast.frames.length === refresh);
    }
    expect(slow.closed).toBeUndefined();
    expect(slow.ws.readyState).toBe(WebSocket.OPEN);
    slow.ws.resume();
    await until('the slow console to catch up', () => slow.held?.seq === REFRESHES);

    expect(fast.frames.map((f) => f!.kind)).toEqual(['full', ...new Array<string>(REFRESHES - 1).fill('delta')]);
    expect(fast.held).toEqual(previous);
    expect(fast.mismatches).toBe(0);

    expect(slow.closed).toBeUndefined();
    expect(slow.mismatches).toBe(0);
    expect(slow.held).toEqual(previous);
    expect(slow.frames.length).toBeLessThan(REFRESHES / 2);
    // The last frame it got is the full one sent when its socket drained, and the alerts went out while it lagged.
    expect(slow.frames.at(-1)).toMatchObject({ kind: 'full', seq: REFRESHES });
    expect(slow.events.indexOf('alerts')).toBeLessThan(slow.events.lastIndexOf('queryResult'));
    console.log(`slow console: ${slow.frames.length} of ${REFRESHES} frames, still connected`);
    fast.ws.close();
    slow.ws.close();
  }, 30_000);
});
