import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createDemoSource } from '../demo/index';
import { methods } from '../shared';
import { decodeBinaryReply } from '../shared/api/binary-reply';
import { decodeTraceColumns } from '../shared/trace/columns-codec';
import { servicesFrom } from '../services/core/create-services';
import { AccessPolicy } from './access';
import { WebSocketGateway } from './web-socket';

const t = Date.UTC(2024, 5, 3, 2, 0, 0);
const demo = createDemoSource({ id: 'demo', kind: 'demo', name: 'Demo fleet', locks: 2000, seed: 3, scheduledIncidents: false }, { now: () => t, autoStart: false });
const services = servicesFrom([demo], { mode: 'demo', alertPollSeconds: 300 }, { version: 't', defaultActor: 'tester', now: () => t, dataDir: mkdtempSync(join(tmpdir(), 'lockstep-binary-')) });
const TOKEN = 'b'.repeat(32);
let server: Server;
let gateway: WebSocketGateway;
let ws: WebSocket;
let nextId = 1;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  gateway = new WebSocketGateway(services, new AccessPolicy(TOKEN, port));
  server.on('upgrade', (request, socket, head) => gateway.upgrade(request, socket, head));
  ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${TOKEN}`, { origin: `http://127.0.0.1:${port}` });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
});

afterAll(async () => {
  ws.close();
  gateway.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await services.close();
  await demo.close?.();
});

/** One call over the socket: the frame as it came (text or bytes). */
function call(method: string, request: unknown): Promise<{ binary: boolean; data: Buffer }> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, binary: boolean) => {
      const idOf = binary ? decodeBinaryReply(new Uint8Array(data).buffer) : { ok: true as const, message: JSON.parse(data.toString()) as { id?: number } };
      if (!idOf.ok || idOf.message.id !== id) return;
      ws.off('message', onMessage);
      resolve({ binary, data });
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ type: 'call', id, method, request }));
  });
}

describe('a trace over the web host’s WebSocket', () => {
  it('comes as one binary frame of its columns, and decodes to the trace getTrace sends as JSON; other answers stay JSON text', async () => {
    const search = await call('searchTraces', { limit: 1, lookbackMs: 600_000 });
    expect(search.binary).toBe(false);
    const traceId = methods.searchTraces.response.parse((JSON.parse(search.data.toString()) as { reply: { value: unknown } }).reply.value).traces[0]!.traceId;

    const columns = await call('getTraceColumns', { traceId });
    expect(columns.binary).toBe(true);
    const decoded = decodeBinaryReply(new Uint8Array(columns.data).buffer);
    if (!decoded.ok) throw new Error(decoded.problem);
    const parsed = methods.getTraceColumns.response.parse(decoded.message.reply.value);
    expect(parsed.start).toBeInstanceOf(Float64Array);

    const objectForm = await call('getTrace', { traceId });
    expect(objectForm.binary).toBe(false);
    const trace = methods.getTrace.response.parse((JSON.parse(objectForm.data.toString()) as { reply: { value: unknown } }).reply.value);
    expect(decodeTraceColumns(parsed)).toEqual(trace);

    // A trace that is not there is an error reply, in JSON words.
    const missing = await call('getTraceColumns', { traceId: 'f'.repeat(32) });
    expect(missing.binary).toBe(false);
    expect(JSON.parse(missing.data.toString())).toMatchObject({ reply: { ok: false } });
  });
});
