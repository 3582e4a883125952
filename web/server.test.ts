import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      expect(reply.error.message).toMatch(/cannot reach 127\.0\.0\.1:9/);
    }
  });

  it('serves the renderer but nothing outside its folder', async () => {
    expect((await raw('/')).body).toContain('<title>Lockstep</title>');
    const escape = await raw('/../secret.txt');
    expect(escape.body).not.toContain('outside the web root');
    const encoded = await raw('/%2e%2e/secret.txt');
    expect(encoded.body).not.toContain('outside the web root');
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
    } finally {
      await lan.close();
    }
  });
});
