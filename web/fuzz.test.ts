import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WsServerMessageSchema } from '../shared';
import { LockstepConfigSchema } from '../services/config/sources';
import { exchange, frame, openRawWebSocket, type RawAnswer, type RawWebSocket } from '../testing/raw-wire';
import { startWebHost, type WebHost } from './server';

/**
 * Whatever a client sends, the web host answers it (or drops that one connection) and
 * keeps serving everyone else. A fixed corpus — no randomness — of malformed HTTP requests
 * and WebSocket frames goes over raw TCP, so it reaches the server unrepaired; after each
 * input, /api/health must answer 200 and a WebSocket opened at the start must still get
 * replies. Every wait is bounded; everything stays on 127.0.0.1.
 */

const SECRET = 'outside the web root';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

let host: WebHost;
let port: number;
let H: string;
let ORIGIN: string;
let longLived: WebSocket;
let longLivedClosed: number | undefined;
let nextId = 1;
const processErrors: unknown[] = [];
const record = (error: unknown) => void processErrors.push(error);

beforeAll(async () => {
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-fuzz-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), SECRET);
  // Port 9 (discard) is closed on loopback: the source is configured but unreachable.
  const config = LockstepConfigSchema.parse({
    mode: 'custom',
    sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 }],
  });
  host = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir });
  port = Number(new URL(host.url).port);
  H = `127.0.0.1:${port}`;
  ORIGIN = `http://${H}`;
  longLived = new WebSocket(`ws://${H}/api/ws?token=${host.token}`, { origin: ORIGIN });
  longLived.on('error', () => undefined);
  longLived.on('close', (code) => (longLivedClosed = code));
  await new Promise<void>((resolve, reject) => {
    longLived.once('open', () => resolve());
    longLived.once('error', reject);
  });
});

afterAll(async () => {
  process.off('uncaughtException', record);
  process.off('unhandledRejection', record);
  longLived?.close();
  await host?.close();
});

/** A call over the WebSocket opened before the first input; resolves with its reply. */
function callLongLived(method: string, request: unknown = {}, timeoutMs = 5000): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      longLived.off('message', onMessage);
      reject(new Error(`no reply to ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: Buffer) => {
      const message = WsServerMessageSchema.parse(JSON.parse(data.toString()));
      if (message.type !== 'reply' || message.id !== id) return;
      clearTimeout(timer);
      longLived.off('message', onMessage);
      resolve(message.reply);
    };
    longLived.on('message', onMessage);
    longLived.send(JSON.stringify({ type: 'call', id, method, request }));
  });
}

/** The host is still up, still serving HTTP, and the long-lived console still gets answers. */
async function expectAlive(): Promise<void> {
  const health = await exchange(port, [`GET /api/health HTTP/1.1\r\nHost: ${H}\r\nConnection: close\r\n\r\n`]);
  expect(health.status).toBe(200);
  expect(longLivedClosed).toBeUndefined();
  expect(await callLongLived('getSession')).toMatchObject({ ok: true, value: { product: 'Lockstep' } });
  expect(processErrors).toEqual([]);
}

// ---------------------------------------------------------------------------------------
// HTTP: each input is the bytes of one connection. `H` and the token are filled in at run time.

interface Ctx {
  H: string;
  origin: string;
  token: string;
}

type Expectation = 'ok' | '4xx' | 'no-5xx' | number;

interface HttpCase {
  name: string;
  bytes: (c: Ctx) => Array<string | Buffer>;
  expect: Expectation;
  /** For inputs the server must wait on (truncated): how long to give it. */
  waitMs?: number;
}

const get = (target: string, extra = '') => (c: Ctx) => [`GET ${target} HTTP/1.1\r\nHost: ${c.H}\r\n${extra}Connection: close\r\n\r\n`];
const api = (method: string, headers: string, body = '') => (c: Ctx) => [
  `POST /api/call/${method} HTTP/1.1\r\nHost: ${c.H}\r\nAuthorization: Bearer ${c.token}\r\nContent-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}`,
];
const upgrade = (target: string, headers: (c: Ctx) => string) => (c: Ctx) => [`GET ${target} HTTP/1.1\r\n${headers(c)}\r\n`];
const wsHeaders = (c: Ctx, overrides: { host?: string; origin?: string | null; upgrade?: string; key?: string | null; version?: string; extra?: string } = {}) =>
  `Host: ${overrides.host ?? c.H}\r\n` +
  (overrides.origin === null ? '' : `Origin: ${overrides.origin ?? c.origin}\r\n`) +
  `Upgrade: ${overrides.upgrade ?? 'websocket'}\r\nConnection: Upgrade\r\n` +
  (overrides.key === null ? '' : `Sec-WebSocket-Key: ${overrides.key ?? 'dGhlIHNhbXBsZSBub25jZQ=='}\r\n`) +
  `Sec-WebSocket-Version: ${overrides.version ?? '13'}\r\n${overrides.extra ?? ''}`;
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

const HTTP_CORPUS: HttpCase[] = [
  // The two requests that used to end the process.
  { name: 'bad percent-encoding /%E0%A4%A', bytes: get('/%E0%A4%A'), expect: 400 },
  { name: 'double slash //', bytes: get('//'), expect: 400 },
  // Paths.
  { name: 'lone percent /%', bytes: get('/%'), expect: 400 },
  { name: 'truncated escape /%E0', bytes: get('/%E0'), expect: 400 },
  { name: 'encoded NUL /%00', bytes: get('/%00'), expect: 403 },
  { name: 'encoded traversal /..%2f..%2fetc/passwd', bytes: get('/..%2f..%2fetc/passwd'), expect: 403 },
  { name: 'encoded backslash traversal', bytes: get('/..%5c..%5csecret.txt'), expect: 403 },
  { name: 'plain traversal /../secret.txt', bytes: get('/../secret.txt'), expect: 'no-5xx' },
  { name: 'dot-encoded traversal', bytes: get('/%2e%2e/%2e%2e/secret.txt'), expect: 'no-5xx' },
  { name: 'triple slash ///x', bytes: get('///x'), expect: 400 },
  { name: 'backslashes /\\..\\', bytes: get('/\\..\\'), expect: 'no-5xx' },
  { name: 'scheme-relative //evil.example/x', bytes: get('//evil.example/x'), expect: 400 },
  { name: 'dotfile /.git/config', bytes: get('/.git/config'), expect: 'no-5xx' },
  { name: 'query with bad escapes', bytes: get('/?token=%&x=%E0%A4%A'), expect: 200 },
  { name: 'many query parameters', bytes: get(`/?${Array.from({ length: 500 }, (_, i) => `p${i}=${i}`).join('&')}`), expect: 200 },
  { name: 'long target (9 KB, under the header limit)', bytes: get(`/${'a'.repeat(9 * 1024)}`), expect: 400 },
  { name: 'very long target (40 KB)', bytes: get(`/${'a'.repeat(40 * 1024)}`), expect: '4xx' },
  // Request-target forms.
  { name: 'absolute-form to another host', bytes: get('http://evil.example/x'), expect: 400 },
  { name: 'absolute-form to this host', bytes: (c) => get(`http://${c.H}/api/health`)(c), expect: 200 },
  { name: 'absolute-form with credentials', bytes: (c) => get(`http://u:p@${c.H}/`)(c), expect: 400 },
  { name: 'asterisk-form OPTIONS *', bytes: (c) => [`OPTIONS * HTTP/1.1\r\nHost: ${c.H}\r\nConnection: close\r\n\r\n`], expect: 400 },
  { name: 'asterisk-form GET *', bytes: get('*'), expect: '4xx' },
  { name: 'authority-form GET', bytes: (c) => get(c.H)(c), expect: '4xx' },
  { name: 'empty target', bytes: (c) => [`GET  HTTP/1.1\r\nHost: ${c.H}\r\n\r\n`], expect: '4xx' },
  // Host.
  { name: 'missing Host (HTTP/1.1)', bytes: () => ['GET / HTTP/1.1\r\nConnection: close\r\n\r\n'], expect: 400 },
  { name: 'missing Host (HTTP/1.0)', bytes: () => ['GET / HTTP/1.0\r\n\r\n'], expect: 421 },
  { name: 'foreign Host', bytes: () => ['GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'], expect: 421 },
  { name: 'duplicate Host', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`], expect: '4xx' },
  { name: 'empty Host', bytes: () => ['GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n'], expect: '4xx' },
  { name: 'Host with a control character', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\x01\r\n\r\n`], expect: '4xx' },
  { name: 'Host with a CSP injection', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}; script-src *\r\nConnection: close\r\n\r\n`], expect: 421 },
  // Origin on the API.
  { name: 'Origin: null', bytes: api('getSession', 'Origin: null\r\nContent-Length: 2\r\n', '{}'), expect: 403 },
  { name: 'duplicate Origin', bytes: (c) => api('getSession', `Origin: ${c.origin}\r\nOrigin: http://evil.example\r\nContent-Length: 2\r\n`, '{}')(c), expect: 403 },
  { name: 'foreign Origin', bytes: api('getSession', 'Origin: http://evil.example\r\nContent-Length: 2\r\n', '{}'), expect: 403 },
  // Header blocks.
  { name: 'header overflow (many headers)', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\n${Array.from({ length: 400 }, (_, i) => `X-Pad-${i}: ${'p'.repeat(100)}\r\n`).join('')}\r\n`], expect: 431 },
  { name: 'header overflow (one huge header)', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`], expect: 431 },
  { name: 'obsolete line folding', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\nX-Fold: a\r\n  b\r\n\r\n`], expect: 'no-5xx' },
  { name: 'space before colon', bytes: (c) => [`GET / HTTP/1.1\r\nHost : ${c.H}\r\n\r\n`], expect: '4xx' },
  { name: 'NUL in a header value', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\nX-A: a\x00b\r\n\r\n`], expect: '4xx' },
  { name: 'bare LF line endings', bytes: (c) => [`GET / HTTP/1.1\nHost: ${c.H}\nConnection: close\n\n`], expect: 'no-5xx' },
  { name: 'Expect: bogus', bytes: get('/', 'Expect: bogus\r\n'), expect: 417 },
  // Methods.
  { name: 'unknown method FOO', bytes: (c) => [`FOO / HTTP/1.1\r\nHost: ${c.H}\r\n\r\n`], expect: '4xx' },
  { name: 'lowercase method', bytes: (c) => [`get / HTTP/1.1\r\nHost: ${c.H}\r\n\r\n`], expect: '4xx' },
  { name: 'NUL in the method', bytes: (c) => [`G\x00T / HTTP/1.1\r\nHost: ${c.H}\r\n\r\n`], expect: '4xx' },
  { name: 'DELETE on a page', bytes: (c) => [`DELETE / HTTP/1.1\r\nHost: ${c.H}\r\nConnection: close\r\n\r\n`], expect: 405 },
  { name: 'TRACE', bytes: (c) => [`TRACE / HTTP/1.1\r\nHost: ${c.H}\r\nConnection: close\r\n\r\n`], expect: 405 },
  { name: 'GET on the call path', bytes: get('/api/call/getSession'), expect: 405 },
  { name: 'CONNECT', bytes: (c) => [`CONNECT ${c.H} HTTP/1.1\r\nHost: ${c.H}\r\n\r\n`], expect: 'no-5xx' },
  { name: 'HTTP/2 preface', bytes: () => ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'], expect: 'no-5xx' },
  { name: 'unknown HTTP version', bytes: (c) => [`GET / HTTP/9.9\r\nHost: ${c.H}\r\n\r\n`], expect: 'no-5xx' },
  { name: 'every byte value', bytes: () => [allBytes], expect: '4xx' },
  // Bodies.
  { name: 'Content-Length not a number', bytes: api('getSession', 'Content-Length: abc\r\n', '{}'), expect: 400 },
  { name: 'negative Content-Length', bytes: api('getSession', 'Content-Length: -1\r\n', '{}'), expect: 400 },
  { name: 'two different Content-Lengths', bytes: api('getSession', 'Content-Length: 2\r\nContent-Length: 3\r\n', '{}'), expect: 400 },
  { name: 'Content-Length and chunked', bytes: api('getSession', 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', '{}'), expect: 400 },
  { name: 'Content-Length over the limit', bytes: api('getSession', `Content-Length: ${50 * 1024 * 1024}\r\n`), expect: 413 },
  { name: 'chunked garbage to the API', bytes: api('getSession', 'Transfer-Encoding: chunked\r\n', 'zz\r\nhello\r\n0\r\n\r\n'), expect: 'no-5xx' },
  { name: 'chunk size overflow', bytes: api('getSession', 'Transfer-Encoding: chunked\r\n', 'FFFFFFFFFFFFFFFFFFFF\r\nx\r\n'), expect: 'no-5xx' },
  { name: 'chunked garbage to a page', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\nTransfer-Encoding: chunked\r\n\r\n@@\r\n`], expect: 'no-5xx' },
  { name: 'unknown transfer coding', bytes: api('getSession', 'Transfer-Encoding: gzip\r\n', '{}'), expect: 'no-5xx' },
  { name: 'body that is not JSON', bytes: api('getSession', 'Content-Length: 9\r\n', '{not json'), expect: 400 },
  { name: 'body that is not UTF-8', bytes: (c) => [...api('getSession', 'Content-Length: 4\r\n')(c), Buffer.from([0xff, 0xfe, 0xc3, 0x28])], expect: 400 },
  { name: 'unknown API method', bytes: api('noSuchMethod', 'Content-Length: 2\r\n', '{}'), expect: 404 },
  { name: 'API method with bad escapes', bytes: api('%E0%A4%A', 'Content-Length: 2\r\n', '{}'), expect: 404 },
  { name: 'deeply nested JSON body', bytes: api('getSession', `Content-Length: ${200_000}\r\n`, `${'['.repeat(100_000)}${']'.repeat(100_000)}`), expect: 400 },
  // Truncated and pipelined.
  { name: 'truncated request line', bytes: () => ['GET /api/hea'], expect: 'no-5xx', waitMs: 300 },
  { name: 'truncated header block', bytes: (c) => [`GET / HTTP/1.1\r\nHost: ${c.H}\r\n`], expect: 'no-5xx', waitMs: 300 },
  { name: 'truncated body', bytes: api('getSession', 'Content-Length: 100\r\n', '{"a":'), expect: 'no-5xx', waitMs: 300 },
  { name: 'only line breaks', bytes: () => ['\r\n\r\n\r\n\r\n'], expect: 'no-5xx', waitMs: 300 },
  { name: 'pipelined good then bad', bytes: (c) => [`GET /api/health HTTP/1.1\r\nHost: ${c.H}\r\n\r\nGET // HTTP/1.1\r\nHost: ${c.H}\r\nConnection: close\r\n\r\n`], expect: 200 },
  // WebSocket handshakes.
  { name: 'upgrade to //', bytes: upgrade('//', (c) => wsHeaders(c)), expect: 400 },
  { name: 'upgrade to /%E0', bytes: upgrade('/%E0', (c) => wsHeaders(c)), expect: 404 },
  { name: 'upgrade to // without Origin', bytes: upgrade('//', (c) => wsHeaders(c, { origin: null })), expect: 403 },
  { name: 'upgrade to /%E0%A4%A with a foreign Host', bytes: upgrade('/%E0%A4%A', (c) => wsHeaders(c, { host: 'evil.example' })), expect: 403 },
  { name: 'upgrade with a foreign Origin', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { origin: 'http://evil.example' }))(c), expect: 403 },
  { name: 'upgrade with duplicate Host', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { extra: 'Host: evil.example\r\n' }))(c), expect: 403 },
  { name: 'upgrade without a token', bytes: upgrade('/api/ws', (c) => wsHeaders(c)), expect: 401 },
  { name: 'upgrade with a bad-escape token', bytes: upgrade('/api/ws?token=%E0%A4%A', (c) => wsHeaders(c)), expect: 401 },
  { name: 'upgrade absolute-form to another host', bytes: (c) => upgrade(`http://evil.example/api/ws?token=${c.token}`, () => wsHeaders(c))(c), expect: 400 },
  { name: 'upgrade without Sec-WebSocket-Key', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { key: null }))(c), expect: 400 },
  { name: 'upgrade with a bad Sec-WebSocket-Key', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { key: 'x' }))(c), expect: 400 },
  { name: 'upgrade with two Sec-WebSocket-Keys', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { extra: 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' }))(c), expect: 400 },
  { name: 'upgrade to another protocol', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { upgrade: 'h2c' }))(c), expect: 400 },
  { name: 'upgrade with two Upgrade headers', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { extra: 'Upgrade: websocket\r\n' }))(c), expect: 400 },
  { name: 'upgrade with version 99', bytes: (c) => upgrade(`/api/ws?token=${c.token}`, () => wsHeaders(c, { version: '99' }))(c), expect: 400 },
  { name: 'upgrade by POST', bytes: (c) => [`POST /api/ws?token=${c.token} HTTP/1.1\r\n${wsHeaders(c)}Content-Length: 3\r\n\r\nabc`], expect: '4xx' },
  { name: 'Upgrade header with Connection: close', bytes: (c) => [`GET /api/ws HTTP/1.1\r\nHost: ${c.H}\r\nUpgrade: websocket\r\nConnection: close\r\n\r\n`], expect: 404 },
  { name: 'truncated upgrade', bytes: (c) => [`GET /api/ws?token=${c.token} HTTP/1.1\r\nHost: ${c.H}\r\nUpgrade: websocket\r\n`], expect: 'no-5xx', waitMs: 300 },
  { name: 'upgrade followed by garbage frames', bytes: (c) => [`GET /api/ws?token=${c.token} HTTP/1.1\r\n${wsHeaders(c)}\r\n`, allBytes], expect: 101 },
];

function check(answer: RawAnswer, expectation: Expectation): void {
  expect(answer.text).not.toContain(SECRET);
  if (answer.status !== undefined) expect(answer.status, answer.text.slice(0, 200)).toBeLessThan(500);
  if (expectation === 'no-5xx') return;
  if (expectation === '4xx') {
    // A status is owed here; dropping the connection is only for inputs marked 'no-5xx'.
    expect(answer.status, answer.text.slice(0, 200)).toBeGreaterThanOrEqual(400);
    return;
  }
  expect(answer.status, answer.text.slice(0, 200)).toBe(expectation === 'ok' ? 200 : expectation);
}

describe('web host under malformed HTTP', () => {
  it.each(HTTP_CORPUS)('$name', async ({ bytes, expect: expectation, waitMs }) => {
    const answer = await exchange(port, bytes({ H, origin: ORIGIN, token: host.token }), { waitMs: waitMs ?? 3000 });
    check(answer, expectation);
    await expectAlive();
  });

  it('answers the second of two pipelined requests too', async () => {
    const answer = await exchange(port, [`GET /api/health HTTP/1.1\r\nHost: ${H}\r\n\r\nGET /%E0%A4%A HTTP/1.1\r\nHost: ${H}\r\nConnection: close\r\n\r\n`], { responses: 2 });
    expect(answer.text).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.text).toMatch(/\r\n\r\n[^]*HTTP\/1\.1 400/);
    await expectAlive();
  });
});

// ---------------------------------------------------------------------------------------
// WebSocket frames, on an authenticated connection of their own.

interface FrameCase {
  name: string;
  run: (ws: RawWebSocket) => Promise<void>;
}

/** Sends the frames and expects the server to close that connection with `code`. */
const closesWith = (code: number, frames: () => Buffer[]) => async (ws: RawWebSocket) => {
  for (const f of frames()) ws.socket.write(f);
  expect(await ws.reader.closeCode()).toBe(code);
};

const call = (id: number, method: string, request: unknown = {}) => JSON.stringify({ type: 'call', id, method, request });

async function replyTo(ws: RawWebSocket, id: number): Promise<unknown> {
  const found = await ws.reader.find((f) => {
    if (f.opcode !== OP.text) return false;
    const message = JSON.parse(f.payload.toString('utf8')) as { type?: string; id?: number };
    return message.type === 'reply' && message.id === id;
  });
  return found ? (JSON.parse(found.payload.toString('utf8')) as { reply: unknown }).reply : null;
}

/** Streams a frame announcing `length` bytes, 1 MB at a time, until the server closes (at most `length`). */
async function streamOversize(ws: RawWebSocket, length: number): Promise<void> {
  ws.socket.write(frame(OP.text, Buffer.alloc(0), { declaredLength: length }));
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  for (let sent = 0; sent < length && !ws.reader.closed && !ws.socket.destroyed; sent += chunk.length) {
    if (ws.reader.frames.some((f) => f.opcode === OP.close)) break;
    if (!ws.socket.write(chunk)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        ws.socket.once('drain', done);
        ws.socket.once('close', done);
      });
    }
  }
}

const FRAME_CORPUS: FrameCase[] = [
  {
    name: 'a 50 MB text frame (close 1009, message too big)',
    run: async (ws) => {
      await streamOversize(ws, 50 * 1024 * 1024);
      expect(await ws.reader.closeCode()).toBe(1009);
    },
  },
  { name: 'a frame announcing 2^63 bytes', run: closesWith(1009, () => [frame(OP.text, Buffer.alloc(0), { declaredLength: 2 ** 63 })]) },
  {
    name: 'a message over the limit in small fragments',
    run: closesWith(1009, () => {
      const part = Buffer.alloc(300 * 1024, 0x61);
      return [frame(OP.text, part, { fin: false }), ...[1, 2, 3].map(() => frame(OP.continuation, part, { fin: false })), frame(OP.continuation, part)];
    }),
  },
  { name: 'invalid UTF-8 text (close 1007)', run: closesWith(1007, () => [frame(OP.text, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))]) },
  { name: 'invalid UTF-8 split across fragments', run: closesWith(1007, () => [frame(OP.text, Buffer.from([0x22, 0xe2, 0x82]), { fin: false }), frame(OP.continuation, Buffer.from([0x28, 0x22]))]) },
  { name: 'overlong UTF-8 encoding', run: closesWith(1007, () => [frame(OP.text, Buffer.from([0xc0, 0xaf]))]) },
  { name: 'a binary frame (close 1003)', run: closesWith(1003, () => [frame(OP.binary, Buffer.from([1, 2, 3]))]) },
  { name: 'text that is not JSON', run: closesWith(1007, () => [frame(OP.text, '{not json')]) },
  { name: 'JSON without a call id', run: closesWith(1008, () => [frame(OP.text, '[1,2,3]')]) },
  { name: 'JSON null', run: closesWith(1008, () => [frame(OP.text, 'null')]) },
  { name: 'a call id that is not a safe integer', run: closesWith(1008, () => [frame(OP.text, JSON.stringify({ type: 'call', id: 2 ** 60, method: 'getSession', request: {} }))]) },
  {
    name: 'an unknown method: answered, and the connection stays',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, call(7, 'noSuchMethod')));
      expect(await replyTo(ws, 7)).toMatchObject({ ok: false, error: { code: 'not_found' } });
      ws.socket.write(frame(OP.text, call(8, 'getSession')));
      expect(await replyTo(ws, 8)).toMatchObject({ ok: true });
    },
  },
  {
    name: 'a call of the wrong type: answered',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, JSON.stringify({ type: 'subscribe', id: 9, method: 'getSession' })));
      expect(await replyTo(ws, 9)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    },
  },
  {
    name: 'invalid request arguments: answered',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, call(10, 'getTrace', { traceId: 'not hex!' })));
      expect(await replyTo(ws, 10)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    },
  },
  {
    name: 'deeply nested JSON in a request',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, `{"type":"call","id":11,"method":"getSession","request":${'['.repeat(200_000)}${']'.repeat(200_000)}}`));
      const reply = await replyTo(ws, 11);
      // Refused as a bad request, or the connection closed for it: either way the host stays up.
      if (reply !== null) expect(reply).toMatchObject({ ok: false });
    },
  },
  {
    name: 'prototype keys in a call',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"type":"call","id":12,"method":"getSession","request":{"__proto__":{}}}'));
      await replyTo(ws, 12);
      expect(({} as { polluted?: number }).polluted).toBeUndefined();
    },
  },
  {
    name: 'a call in three fragments with a ping between: answered',
    run: async (ws) => {
      const text = Buffer.from(call(13, 'getSession'));
      ws.socket.write(frame(OP.text, text.subarray(0, 5), { fin: false }));
      ws.socket.write(frame(OP.ping, 'hi'));
      ws.socket.write(frame(OP.continuation, text.subarray(5, 20), { fin: false }));
      ws.socket.write(frame(OP.continuation, text.subarray(20)));
      expect(await replyTo(ws, 13)).toMatchObject({ ok: true });
      expect(ws.reader.frames.some((f) => f.opcode === OP.pong && f.payload.toString() === 'hi')).toBe(true);
    },
  },
  { name: 'a reserved data opcode (0x3)', run: closesWith(1002, () => [frame(0x3, 'x')]) },
  { name: 'a reserved control opcode (0xB)', run: closesWith(1002, () => [frame(0xb, 'x')]) },
  { name: 'an unmasked client frame', run: closesWith(1002, () => [frame(OP.text, call(14, 'getSession'), { mask: false })]) },
  { name: 'RSV1 without a negotiated extension', run: closesWith(1002, () => [frame(OP.text, call(15, 'getSession'), { rsv: 0b100 })]) },
  { name: 'RSV2 and RSV3 set', run: closesWith(1002, () => [frame(OP.text, call(16, 'getSession'), { rsv: 0b011 })]) },
  { name: 'a continuation with nothing to continue', run: closesWith(1002, () => [frame(OP.continuation, 'x')]) },
  { name: 'a new text frame inside a fragmented message', run: closesWith(1002, () => [frame(OP.text, '{"a":', { fin: false }), frame(OP.text, '1}')]) },
  { name: 'a ping over 125 bytes', run: closesWith(1002, () => [frame(OP.ping, Buffer.alloc(126))]) },
  { name: 'a fragmented ping', run: closesWith(1002, () => [frame(OP.ping, 'x', { fin: false })]) },
  { name: 'a close frame with a 1-byte body', run: closesWith(1002, () => [frame(OP.close, Buffer.from([3]))]) },
  { name: 'a close frame with code 999', run: closesWith(1002, () => [frame(OP.close, Buffer.from([0x03, 0xe7]))]) },
  { name: 'a close frame with an invalid UTF-8 reason', run: closesWith(1007, () => [frame(OP.close, Buffer.from([0x03, 0xe8, 0xff]))]) },
  {
    name: 'twenty pings: each answered',
    run: async (ws) => {
      for (let i = 0; i < 20; i++) ws.socket.write(frame(OP.ping, `${i}`));
      expect(await ws.reader.find((f) => f.opcode === OP.pong && f.payload.toString() === '19')).not.toBeNull();
    },
  },
  {
    name: 'a flood of a thousand pings: answered, or that connection dropped',
    run: async (ws) => {
      for (let i = 0; i < 1000; i++) ws.socket.write(frame(OP.ping, `${i}`));
      // ws terminates a peer whose pongs pile up unsent (its ping-flood guard).
      const last = await ws.reader.find((f) => f.opcode === OP.pong && f.payload.toString() === '999');
      expect(last !== null || ws.reader.closed).toBe(true);
    },
  },
  {
    name: 'a frame cut off, then the connection dropped',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, call(17, 'getSession')).subarray(0, 9));
      ws.socket.destroy();
    },
  },
  {
    name: 'a connection dropped with a call in flight',
    run: async (ws) => {
      ws.socket.write(frame(OP.text, call(18, 'queryRange', { expr: 'up', start: 0, end: 60_000, stepSeconds: 15 })));
      ws.socket.destroy();
    },
  },
];

describe('web host under malformed WebSocket frames', () => {
  it.each(FRAME_CORPUS)('$name', async ({ run }) => {
    const ws = await openRawWebSocket(port, host.token);
    try {
      await run(ws);
    } finally {
      ws.socket.destroy();
    }
    await expectAlive();
  });

  it('closes a ws client that sends a 2 MB message with 1009, and only that one', async () => {
    const big = new WebSocket(`ws://${H}/api/ws?token=${host.token}`, { origin: ORIGIN });
    big.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      big.once('open', () => resolve());
      big.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await expectAlive();
  });
});
