import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { RpcReply } from '../shared';
import type { LockstepServices } from '../services/core/lockstep-services';
import { AccessPolicy } from './access';
import { WebSocketGateway } from './web-socket';

/** Services that break their promise never to reject, to show the gateway holds anyway. */
const brokenServices = {
  handle: (method: string): Promise<RpcReply> =>
    method === 'getSession' ? Promise.reject(new Error('disk on fire')) : Promise.resolve({ ok: true, value: null }),
  attach: () => undefined,
  detach: () => undefined,
} as unknown as LockstepServices;

let server: Server;
let gateway: WebSocketGateway;
let port: number;
const TOKEN = 'a'.repeat(32);
const unhandled: unknown[] = [];
const record = (error: unknown) => void unhandled.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', record);
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
  gateway = new WebSocketGateway(brokenServices, new AccessPolicy(TOKEN, port));
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
});

afterAll(async () => {
  process.off('unhandledRejection', record);
  gateway.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the WebSocket gateway', () => {
  it('turns a rejected service call into an error reply and one log line, not an unhandled rejection', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${port}` });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const reply = new Promise<unknown>((resolve) => ws.on('message', (data) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'getSession', request: {} }));
    expect(await reply).toMatchObject({ type: 'reply', id: 1, reply: { ok: false, error: { code: 'internal' } } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
    expect(logged.mock.calls).toEqual([['[lockstep] web host: "getSession" failed: disk on fire']]);
    logged.mockRestore();
    ws.close();
  });
});
