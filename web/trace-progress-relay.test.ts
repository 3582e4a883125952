import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CONSOLE_HEADER } from '../shared';
import { TraceProgressSchema } from '../shared/api/trace-progress';
import { generateTrace } from '../shared/trace/generate';
import { headLayout } from '../shared/trace/head-layout';
import { LockstepConfigSchema } from '../services/config/sources';
import { pacedAnswer } from '../testing/paced-answer';
import { startWebHost, type WebHost } from './server';

/**
 * A trace open's progress over the web host: the page asks for the columns over HTTP, and the
 * host tells that page's WebSocket — found by the console id the page gave both — how far the
 * Zipkin answer is, while it arrives in pieces from a real (loopback) server.
 */
/** Three traces, each opened once: a trace the host keeps has no progress left to tell. */
const answers = [5, 6, 7].map((seed) => {
  const records = generateTrace({ spans: 2000, seed }) as { traceId: string }[];
  return { traceId: records[0]!.traceId, body: Buffer.from(JSON.stringify(records)) };
});
const [first, second, third] = answers as [(typeof answers)[number], (typeof answers)[number], (typeof answers)[number]];
const VIEWER = 'v'.repeat(32);
let zipkin: Server;
let host: WebHost;

beforeAll(async () => {
  // Four pieces, 60 ms apart, of an answer of announced length.
  zipkin = createServer((req, res) => {
    const body = answers.find((a) => req.url?.startsWith(`/api/v2/trace/${a.traceId}`))?.body;
    if (!body) return void res.writeHead(404).end('no such trace');
    pacedAnswer(res, body, 4, 60);
  });
  await new Promise<void>((resolve) => zipkin.listen(0, '127.0.0.1', () => resolve()));
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-trace-progress-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  const url = `http://127.0.0.1:${(zipkin.address() as AddressInfo).port}`;
  const config = LockstepConfigSchema.parse({ mode: 'custom', sources: [{ kind: 'zipkin', id: 'zipkin', name: 'Zipkin', url }] });
  host = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir, port: 0, viewerToken: VIEWER });
});

afterAll(async () => {
  await host?.close();
  await new Promise<void>((resolve) => zipkin?.close(() => resolve()));
});

/** A console's WebSocket, named `consoleId`, collecting the traceProgress payloads it is sent. */
async function consoleSocket(consoleId: string, token = host.token) {
  const port = new URL(host.url).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}&console=${consoleId}`, { origin: `http://127.0.0.1:${port}` });
  const progress: ReturnType<typeof TraceProgressSchema.parse>[] = [];
  ws.on('message', (data, binary) => {
    if (binary) return;
    const message = JSON.parse(data.toString()) as { type: string; event?: string; payload?: unknown };
    if (message.type === 'event' && message.event === 'traceProgress') progress.push(TraceProgressSchema.parse(message.payload));
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, progress };
}

function callColumns(request: unknown, headers: Record<string, string>, token = host.token): Promise<number> {
  const port = Number(new URL(host.url).port);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/api/call/getTraceColumns', method: 'POST', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(request));
  });
}

describe('a trace open’s progress, relayed to the console that asked over HTTP', () => {
  it('reaches that console’s WebSocket: asking, the bytes as they arrive against the announced size, reading, then sending with the first rows', async () => {
    const mine = await consoleSocket('console-mine-0001');
    const other = await consoleSocket('console-other-0002');
    const status = await callColumns({ traceId: first.traceId, progressId: 'open-1' }, { [CONSOLE_HEADER]: 'console-mine-0001' });
    expect(status).toBe(200);
    // Events and the answer travel apart: give the socket a moment to deliver the last one.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const phases = mine.progress.map((p) => p.phase);
    expect(phases[0]).toBe('asking');
    expect(phases.slice(-2)).toEqual(['reading', 'sending']);
    // The first rows of the 2,000 spans came ahead of the whole, and lay out.
    const head = mine.progress.at(-1)!.head!;
    expect(head.spanCount).toBe(2000);
    const laid = headLayout(head);
    expect(laid.ok && laid.head.layout.rows.length).toBe(100);
    const receiving = mine.progress.filter((p) => p.phase === 'receiving');
    expect(receiving.length).toBeGreaterThanOrEqual(2);
    const size = first.body.length;
    expect(receiving.every((p) => p.totalBytes === size && p.receivedBytes <= size)).toBe(true);
    expect(receiving.some((p) => p.receivedBytes > 0 && p.receivedBytes < size)).toBe(true);
    expect(mine.progress.every((p) => p.progressId === 'open-1')).toBe(true);
    expect(mine.progress.at(-1)!.receivedBytes).toBe(size);
    // Not broadcast: another console heard nothing.
    expect(other.progress).toEqual([]);
    mine.ws.close();
    other.ws.close();
  });

  it('tells no one when the call names no console, or names one another credential holds', async () => {
    const viewer = await consoleSocket('console-viewer-003', VIEWER);
    const mine = await consoleSocket('console-mine-0004');
    expect(await callColumns({ traceId: second.traceId, progressId: 'open-2' }, {})).toBe(200);
    // The operator's call naming the viewer's console: the viewer's socket is not the caller's.
    expect(await callColumns({ traceId: third.traceId, progressId: 'open-3' }, { [CONSOLE_HEADER]: 'console-viewer-003' })).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(viewer.progress).toEqual([]);
    expect(mine.progress).toEqual([]);
    viewer.ws.close();
    mine.ws.close();
  });
});
