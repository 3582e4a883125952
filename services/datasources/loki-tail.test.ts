import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { logTailCollector as collector, until } from '../../testing/log-tail-collector';
import { createLokiSource } from './loki';
import type { LogTailHandle } from './types';

/** Recorded tail frames (shared/testdata/logs/README.md): the exact text Loki writes. */
const recorded = (name: string) => readFileSync(new URL(`../../shared/testdata/logs/loki/${name}`, import.meta.url), 'utf8');

/**
 * A stand-in for Loki's `GET /loki/api/v1/tail` (no Loki can run here), as Loki's
 * querier serves it (pkg/querier/http.go TailHandler): a bad query is a plain-text 400
 * before the upgrade; after it, JSON text frames; a failure on Loki's side closes with
 * 1011 and the reason. Each test scripts what a connection does.
 */
interface Connection {
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  ws: WebSocket;
}
type Script = (conn: Connection, index: number) => void;

let server: Server;
let base = '';
let script: Script = () => undefined;
const connections: Connection[] = [];
const wss = new WebSocketServer({ noServer: true });

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = url.searchParams.get('query') ?? '';
    if (url.pathname !== '/loki/api/v1/tail' || !query.startsWith('{')) {
      const body = url.pathname === '/loki/api/v1/tail' ? 'parse error at line 1, col 1: syntax error: unexpected IDENTIFIER\n' : '404 page not found\n';
      socket.end(`HTTP/1.1 ${url.pathname === '/loki/api/v1/tail' ? '400 Bad Request' : '404 Not Found'}\r\ncontent-type: text/plain\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = { params: url.searchParams, headers: req.headers, ws };
      connections.push(conn);
      script(conn, connections.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

let open: LogTailHandle | undefined;
afterEach(() => {
  open?.close();
  for (const c of connections) c.ws.terminate();
  connections.length = 0;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (tenant?: string) =>
  createLokiSource(
    { id: 'loki', name: 'Loki', kind: 'loki', url: base, timeoutMs: 2000, tenant, tailDelaySeconds: 2 },
    {},
    { tail: { initialBackoffMs: 20, maxBackoffMs: 100, random: () => 0.5 } },
  );

/** One entry as Loki's tail frame holds it, in stream {app="lock"}. */
const frame = (entries: Array<[string, string]>, dropped = 0) =>
  JSON.stringify({
    streams: [{ stream: { app: 'lock' }, values: entries }],
    ...(dropped ? { dropped_entries: Array.from({ length: dropped }, (_, i) => ({ timestamp: String(1700000000000000000 + i), labels: { app: 'lock' } })) } : {}),
  });

describe('Loki tail over WebSocket', () => {
  it('asks for the query from start (ns) with limit and delay_for, sends the tenant, and reads the recorded frames', async () => {
    script = ({ ws }) => {
      ws.send(recorded('tail_message.json'));
      ws.send(recorded('tail_ws_message.json'));
    };
    const { seen, sink } = collector();
    open = source('fleet-eu').logs!.tail!({ query: '{test="test"}', start: 1_700_000_000_123, limit: 50 }, sink);
    await until(() => seen.lines.length === 3, 'three lines');
    const conn = connections[0]!;
    expect(Object.fromEntries(conn.params)).toEqual({ query: '{test="test"}', limit: '50', delay_for: '2', start: '1700000000123000000' });
    expect(conn.headers['x-scope-orgid']).toBe('fleet-eu');
    expect(conn.headers['x-loki-response-encoding-flags']).toBe('categorize-labels');
    expect(seen.lines.map((l) => [l.nanos, l.message, l.labels])).toEqual([
      ['123456789012345', 'super line', { test: 'test' }],
      ['123456789012346', 'super line with labels', { test: 'test' }],
      ['1', 'foobar', { app: 'foo' }],
    ]);
    await until(() => seen.dropped === 2, 'both frames’ dropped entries');
    expect(seen.states).toEqual([{ state: 'live' }]);
  });

  it('counts dropped_entries as lines Loki dropped', async () => {
    script = ({ ws }) => ws.send(frame([['1700000000000000001', 'kept']], 12));
    const { seen, sink } = collector();
    open = source().logs!.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink);
    await until(() => seen.dropped === 12, '12 dropped');
    expect(seen.lines.map((l) => l.message)).toEqual(['kept']);
  });

  it('reconnects after the connection drops mid-stream, resumes from the last line, and delivers each line once with none lost', async () => {
    // Loki's log as it grows: two lines share the boundary nanosecond, and a third at that
    // nanosecond arrives while the tail is down — it is new and must not be taken for a repeat.
    const log: Array<[string, string]> = [
      ['1700000000000000001', 'one'],
      ['1700000000000000002', 'two'],
      ['1700000000000000003', 'three'],
      ['1700000000000000005', 'five-a'],
      ['1700000000000000005', 'five-b'],
    ];
    const whileDown: Array<[string, string]> = [
      ['1700000000000000005', 'five-c'],
      ['1700000000000000006', 'six'],
    ];
    script = ({ ws, params }, index) => {
      if (index === 0) {
        ws.send(frame(log.slice(0, 3)));
        ws.send(frame(log.slice(3)), () => setTimeout(() => ws.terminate(), 20));
        return;
      }
      // As Loki: everything it holds from `start` (inclusive), then what comes next.
      log.push(...whileDown);
      const start = BigInt(params.get('start')!);
      ws.send(frame(log.filter(([ns]) => BigInt(ns) >= start)));
      setTimeout(() => ws.send(frame([['1700000000000000007', 'seven']])), 20);
    };
    const { seen, sink } = collector();
    open = source().logs!.tail!({ query: '{app="lock"}', start: 1_700_000_000_000, limit: 100 }, sink);
    await until(() => seen.lines.some((l) => l.message === 'seven'), 'the line after the reconnect');
    expect(connections).toHaveLength(2);
    expect(connections[1]!.params.get('start')).toBe('1700000000000000005');
    expect(seen.lines.map((l) => l.message)).toEqual(['one', 'two', 'three', 'five-a', 'five-b', 'five-c', 'six', 'seven']);
    expect(seen.states.map((s) => s.state)).toEqual(['live', 'reconnecting', 'live']);
    expect(seen.states[1]!.message).toBe('the connection to Loki dropped; reconnecting in 0.0 s (attempt 1), resuming where it stopped.');
  });

  it('says Loki’s reason when Loki ends the tail itself (1011), and tries again', async () => {
    script = ({ ws }, index) => {
      if (index === 0) ws.close(1011, 'max concurrent tail requests limit exceeded');
    };
    const { seen, sink } = collector();
    open = source().logs!.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink);
    await until(() => connections.length === 2, 'a second connection');
    expect(seen.states.slice(0, 2)).toEqual([
      { state: 'live' },
      { state: 'reconnecting', message: 'Loki ended the tail: max concurrent tail requests limit exceeded; reconnecting in 0.0 s (attempt 1), resuming where it stopped.' },
    ]);
  });

  it('fails for good, in Loki’s words, when Loki rejects the query (400 before the upgrade)', async () => {
    const { seen, sink } = collector();
    open = source().logs!.tail!({ query: 'job=lock', start: 0, limit: 10 }, sink);
    await until(() => seen.states.length > 0, 'a state');
    expect(seen.states).toEqual([{ state: 'failed', message: 'Loki rejected the tail query: parse error at line 1, col 1: syntax error: unexpected IDENTIFIER.' }]);
    await new Promise((r) => setTimeout(r, 150));
    expect(seen.states).toHaveLength(1);
  });

  it('skips a frame it cannot read and keeps going', async () => {
    script = ({ ws }) => {
      ws.send('{"streams": "nope"}');
      ws.send(frame([['1700000000000000009', 'after']]));
    };
    const { seen, sink } = collector();
    open = source().logs!.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink);
    await until(() => seen.lines.length === 1, 'the good frame');
    expect(seen.states[1]).toEqual({ state: 'live', message: expect.stringMatching(/^Loki sent a tail message of an unexpected shape \(streams: .*\); it was skipped$/) });
  });

  it('says which Loki it cannot reach, and keeps trying', async () => {
    const { seen, sink } = collector();
    const nowhere = createLokiSource({ id: 'loki', name: 'Loki (eu)', kind: 'loki', url: 'http://127.0.0.1:9', timeoutMs: 2000 }, {}, { tail: { initialBackoffMs: 20, maxBackoffMs: 20, random: () => 0.5 } });
    open = nowhere.logs!.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink);
    await until(() => seen.states.length >= 2, 'two attempts');
    expect(seen.states[0]).toEqual({ state: 'reconnecting', message: 'cannot reach Loki (eu) at 127.0.0.1:9: connection refused (is it running?); reconnecting in 0.0 s (attempt 1), resuming where it stopped.' });
    expect(seen.states[1]!.message).toMatch(/\(attempt 2\)/);
  });

  it('stops on close: the socket closes and nothing reconnects', async () => {
    script = () => undefined;
    const { seen, sink } = collector();
    const tail = source().logs!.tail!({ query: '{app="lock"}', start: 0, limit: 10 }, sink);
    await until(() => connections.length === 1 && seen.states.length === 1, 'the connection');
    const closed = new Promise<number>((resolve) => connections[0]!.ws.once('close', (code) => resolve(code)));
    tail.close();
    expect(await closed).toBe(1000);
    await new Promise((r) => setTimeout(r, 150));
    expect(connections).toHaveLength(1);
    expect(seen.states).toEqual([{ state: 'live' }]);
  });
});
