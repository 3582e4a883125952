import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { methodNames, RpcReplySchema, SessionInfoSchema, WsServerMessageSchema } from '../shared';
import { READ_ONLY_METHODS, VIEWER_REFUSAL } from '../services/actions/acting-identity';
import { LockstepConfigSchema } from '../services/config/sources';
import { ACCESS_FILES } from './access';
import { startWebHost, type WebHost } from './server';

let host: WebHost;
let port: number;
let dataDir: string;
const config = LockstepConfigSchema.parse({
  mode: 'custom',
  sources: [{ kind: 'prometheus', id: 'prom', name: 'Prometheus', url: 'http://127.0.0.1:9', timeoutMs: 2000 }],
});
/** Every method of the contract that changes the world: what a viewer must be refused, whatever its name. */
const ACTING = methodNames.filter((m) => !READ_ONLY_METHODS.has(m));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-roles-'));
  dataDir = join(dir, 'data');
  host = await startWebHost({ config, dataDir, rendererDir: dir, defaultActor: 'dana', operators: ['alice'] });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host?.close();
});

function call(method: string, body: unknown, token: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: `/api/call/${method}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function session(token: string) {
  const reply = RpcReplySchema.parse(JSON.parse((await call('getSession', {}, token)).body));
  if (!reply.ok) throw new Error(reply.error.message);
  return SessionInfoSchema.parse(reply.value);
}

function openSocket(token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends each call and collects the replies by id. */
async function socketReplies(ws: WebSocket, calls: { method: string; request: unknown }[]): Promise<Map<number, unknown>> {
  const replies = new Map<number, unknown>();
  const done = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const message = WsServerMessageSchema.parse(JSON.parse(data.toString()));
      if (message.type !== 'reply') return;
      replies.set(message.id, message.reply);
      if (replies.size === calls.length) resolve();
    });
  });
  calls.forEach((c, id) => ws.send(JSON.stringify({ type: 'call', id, ...c })));
  await Promise.race([done, new Promise((r) => setTimeout(r, 5_000))]);
  return replies;
}

describe('operator and viewer credentials', () => {
  it('prints one URL per credential, each stored 0600 in the 0700 data folder and kept across restarts', async () => {
    expect(host.viewerUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=`));
    expect(host.viewerToken).not.toBe(host.token);
    expect(host.operatorUrls.map((o) => o.name)).toEqual(['dana', 'alice']);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of Object.values(ACCESS_FILES)) expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, ACCESS_FILES.viewer), 'utf8').trim()).toBe(host.viewerToken);

    const again = await startWebHost({ config, dataDir, rendererDir: dataDir, defaultActor: 'dana', operators: ['alice'] });
    try {
      expect(again.token).toBe(host.token);
      expect(again.viewerToken).toBe(host.viewerToken);
      expect(again.operatorUrls.map((o) => o.url.replace(again.url, ''))).toEqual(host.operatorUrls.map((o) => o.url.replace(host.url, '')));
    } finally {
      await again.close();
    }
  });

  it('tells each console its role and who it acts as', async () => {
    expect(await session(host.token)).toMatchObject({ role: 'operator', actingAs: 'dana', defaultActor: 'dana' });
    const alice = new URL(host.operatorUrls[1]!.url).searchParams.get('token')!;
    expect(await session(alice)).toMatchObject({ role: 'operator', actingAs: 'alice' });
    expect(await session(host.viewerToken)).toMatchObject({ role: 'viewer', actingAs: 'viewer' });
  });

  it('refuses a viewer every acting method of the contract over HTTP with 403', async () => {
    expect(ACTING).toEqual(expect.arrayContaining(['acknowledgeAlert', 'rollback']));
    for (const method of ACTING) {
      const response = await call(method, {}, host.viewerToken);
      expect({ method, status: response.status }).toEqual({ method, status: 403 });
      expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } });
      // The same call from an operator is let through (and fails only on its empty body).
      expect((await call(method, {}, host.token)).status).not.toBe(403);
    }
  });

  it('refuses a viewer a note with 403, however well-formed, and lets an operator’s reach the services', async () => {
    expect(ACTING).toContain('addIncidentNote');
    const note = { incidentId: 'inc-1', author: 'viewer', text: 'rolling back <b>lock-service</b>', idempotencyKey: 'note-key-0001' };
    const refused = await call('addIncidentNote', note, host.viewerToken);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toEqual({ ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } });
    // The operator's is validated and handled: this host has no such incident (nor an Alertmanager).
    const operator = await call('addIncidentNote', note, host.token);
    expect(operator.status).not.toBe(403);
    expect(JSON.parse(operator.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lets a viewer look', async () => {
    for (const method of ['getSession', 'listAlerts', 'listIncidents', 'listActions', 'listDeployments'] as const) {
      const response = await call(method, {}, host.viewerToken);
      expect({ method, status: response.status }).not.toEqual({ method, status: 403 });
    }
    expect(JSON.parse((await call('listActions', {}, host.viewerToken)).body)).toEqual({ ok: true, value: { actions: [] } });
  });

  it('refuses a viewer every acting method over the WebSocket with a forbidden reply, and keeps the socket', async () => {
    const ws = await openSocket(host.viewerToken);
    try {
      const calls = [...ACTING.map((method) => ({ method, request: {} })), { method: 'getSession', request: {} }];
      const replies = await socketReplies(ws, calls);
      ACTING.forEach((method, id) => {
        expect({ method, reply: replies.get(id) }).toEqual({ method, reply: { ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } } });
      });
      expect(replies.get(ACTING.length)).toMatchObject({ ok: true, value: { role: 'viewer' } });
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });

  it('lets an operator act over the WebSocket (the call reaches the services)', async () => {
    const ws = await openSocket(host.token);
    try {
      const replies = await socketReplies(ws, ACTING.map((method) => ({ method, request: {} })));
      ACTING.forEach((method, id) => {
        const reply = replies.get(id) as { ok: boolean; error?: { code: string } };
        expect({ method, code: reply.error?.code }).not.toEqual({ method, code: 'forbidden' });
      });
    } finally {
      ws.close();
    }
  });
});
