import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { RpcReplySchema, SessionInfoSchema, WsServerMessageSchema } from '../shared';
import { LockstepConfigSchema } from '../services/config/sources';
import { startWebHost, type WebHost } from './server';

let host: WebHost;
let port: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-web-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'index-AbCd1234.js'), 'console.log("bundle")');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  // Port 9 (discard) is closed on loopback: the source is configured but unreachable.
  const config = LockstepConfigSchema.parse({
    mode: 'custom',
    sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 }],
  });
  host = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host?.close();
});

/** Raw HTTP so the test controls Host and Origin exactly as an attacker would. */
function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers } },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(`/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('web host', () => {
  it('answers API calls that carry the token, with the contract’s shapes', async () => {
    const response = await call('getSession', {});
    expect(response.status).toBe(200);
    const reply = RpcReplySchema.parse(JSON.parse(response.body));
    expect(reply.ok).toBe(true);
    const session = SessionInfoSchema.parse(reply.ok ? reply.value : undefined);
    expect(session.mode).toBe('custom');
    expect(session.sources.map((s) => s.id)).toEqual(['prom']);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  it('refuses a missing or wrong token', async () => {
    expect((await call('getSession', {}, { authorization: '' })).status).toBe(401);
    expect((await call('getSession', {}, { authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('refuses DNS-rebinding (foreign Host) and cross-site (foreign Origin) requests', async () => {
    expect((await call('getSession', {}, { host: `evil.example:${port}` })).status).toBe(421);
    expect((await call('getSession', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('getSession', {}, { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('refuses non-JSON bodies (what a cross-site form can send) and invalid requests', async () => {
    const form = await raw('/api/call/getSession', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${host.token}` },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const bad = await call('getTrace', { traceId: 'not hex!' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/hex/);
  });

  it('turns an unreachable backend into a readable error, not a crash', async () => {
    const response = await call('queryRange', { expr: 'up', start: 0, end: 60_000, stepSeconds: 15 });
    const reply = RpcReplySchema.parse(JSON.parse(response.body));
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('unavailable');
      expect(reply.error.message).toBe('127.0.0.1:9 refused the connection — is Prometheus running there?');
    }
  });

  it('serves the renderer but nothing outside its folder', async () => {
    expect((await raw('/')).body).toContain('<title>Lockstep</title>');
    const escape = await raw('/../secret.txt');
    expect(escape.body).not.toContain('outside the web root');
    const encoded = await raw('/%2e%2e/secret.txt');
    expect(encoded.body).not.toContain('outside the web root');
  });

  it('lets the page connect to this server’s own WebSocket only, for the Host it was reached by', async () => {
    const connectSrc = (headers: Record<string, unknown>) =>
      String(headers['content-security-policy'])
        .split('; ')
        .find((d) => d.startsWith('connect-src '));
    expect(connectSrc((await raw('/')).headers)).toBe(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(connectSrc((await raw('/', { headers: { host: `LocalHost:${port}` } })).headers)).toBe(`connect-src 'self' ws://localhost:${port}`);
    // A refused Host gets a policy too, naming no WebSocket at all.
    const misdirected = await raw('/', { headers: { host: `evil.example:${port}` } });
    expect(misdirected.status).toBe(421);
    expect(connectSrc(misdirected.headers)).toBe("connect-src 'self'");
    for (const response of [await raw('/'), await raw('/api/health'), misdirected]) {
      expect(String(response.headers['content-security-policy'])).not.toMatch(/\bwss?:(?!\/\/)/);
    }
  });

  it('caches hashed bundle files for a year and revalidates index.html', async () => {
    const asset = await raw('/assets/index-AbCd1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await raw('/');
    expect(index.headers['cache-control']).toBe('no-cache');
    const etag = String(index.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await raw('/', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const since = await raw('/', { headers: { 'if-modified-since': String(index.headers['last-modified']) } });
    expect(since.status).toBe(304);
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await raw('/assets/index-AbCd1234.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("bundle")'.length));
    expect(head.body).toBe('');
  });

  it('falls back to index.html for app routes, but not for missing files', async () => {
    expect((await raw('/incidents/today')).body).toContain('<title>Lockstep</title>');
    expect((await raw('/assets/gone-AbCd1234.js')).status).toBe(404);
    expect((await raw('/favicon.ico')).status).toBe(404);
    expect((await raw('/x', { method: 'DELETE' })).status).toBe(405);
  });

  it('answers malformed paths with 4xx and keeps serving', async () => {
    expect((await raw('/%E0%A4%A')).status).toBe(400);
    expect((await raw('//')).status).toBe(400);
    expect((await raw('/%00')).status).toBe(403);
    expect((await raw('/api/health')).status).toBe(200);
  });

  it('answers 500 and logs one line when a handler throws, then keeps serving', async () => {
    const original = host.services.handle;
    const lines: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void lines.push(args));
    host.services.handle = () => Promise.reject(new Error('disk on fire\r\nforged line'));
    try {
      const response = await call('getSession', {});
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(lines).toHaveLength(1);
      expect(String(lines[0]?.[0])).toMatch(/^\[lockstep\] web host: POST \/api\/call\/getSession failed: disk on fire {2}forged line$/);
    } finally {
      host.services.handle = original;
      spy.mockRestore();
    }
    expect((await call('getSession', {})).status).toBe(200);
  });

  it('refuses an oversize API body with 413', async () => {
    const response = await raw('/api/call/getSession', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, 'content-length': String(2 * 1024 * 1024) },
    }).catch((error: Error) => error);
    // The body is never sent: the host answers from the declared length alone.
    expect(response).toMatchObject({ status: 413 });
  });

  it('accepts a WebSocket only with the token and its own Origin, then answers calls over it', async () => {
    const open = (token: string, origin: string) =>
      new Promise<WebSocket | number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}`, { origin });
        ws.once('open', () => resolve(ws));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', () => resolve(-1));
      });
    expect(await open('wrong', `http://127.0.0.1:${port}`)).toBe(401);
    expect(await open(host.token, 'http://evil.example')).toBe(403);
    const ws = await open(host.token, `http://127.0.0.1:${port}`);
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    const reply = new Promise<unknown>((resolve) => {
      socket.on('message', (data) => {
        const message = WsServerMessageSchema.parse(JSON.parse(data.toString()));
        if (message.type === 'reply') resolve(message.reply);
      });
    });
    socket.send(JSON.stringify({ type: 'call', id: 1, method: 'getSession', request: {} }));
    expect(await reply).toMatchObject({ ok: true, value: { product: 'Lockstep' } });
    socket.close();
  });
});

describe('web host on a wildcard address (a wall screen on the LAN)', () => {
  it('accepts this machine’s own addresses as Host, and still refuses others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-web-lan-'));
    const config = LockstepConfigSchema.parse({
      mode: 'custom',
      sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 }],
    });
    const lan = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir: dir, host: '0.0.0.0' });
    try {
      const lanPort = Number(new URL(lan.url).port);
      const { hostname } = await import('node:os');
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port: lanPort, path: '/api/health', headers: { host: `${host}:${lanPort}` } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      expect(await status(hostname())).toBe(200);
      expect(await status('127.0.0.1')).toBe(200);
      expect(await status('evil.example')).toBe(421);
      // Its rendererDir holds no index.html: the page says how to build it.
      const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: lanPort, path: '/', headers: { host: `127.0.0.1:${lanPort}` } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(page).toEqual({ status: 503, body: 'The Lockstep console has not been built yet. Run: npm run build' });
    } finally {
      await lan.close();
    }
  });
});
