import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcReplySchema, SourceSettingsListSchema } from '../shared';
import { VIEWER_REFUSAL } from '../services/actions/acting-identity';
import { LockstepConfigSchema } from '../services/config/sources';
import { startWebHost, type WebHost } from './server';

/**
 * Settings over the web host: a viewer URL (a wall screen) gets 403 for every settings
 * request, reading included; an operator's change is recorded under the credential's
 * name, whatever the page sends, and kept owner-only beside the host's other state.
 */
let host: WebHost;
let dir: string;
const logged: string[] = [];

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation((message: unknown) => void logged.push(String(message)));
  dir = mkdtempSync(join(tmpdir(), 'lockstep-web-settings-'));
  const config = LockstepConfigSchema.parse({ mode: 'custom', sources: [{ kind: 'alertmanager', id: 'am', name: 'Alertmanager', url: 'http://127.0.0.1:9', timeoutMs: 1000 }] });
  host = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir: dir, defaultActor: 'dana', configOrigin: '/etc/lockstep.json' });
});
afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function call(method: string, body: unknown, token: string) {
  const port = Number(new URL(host.url).port);
  return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: `/api/call/${method}`, method: 'POST', headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${token}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('Settings over the web host', () => {
  it('refuses a viewer 403 for listing, saving, testing and secrets', async () => {
    for (const [method, body] of [
      ['listSourceSettings', {}],
      ['saveSource', { source: { kind: 'loki', id: 'logs', name: 'Loki', url: 'http://127.0.0.1:3100' } }],
      ['testSource', { source: { kind: 'loki', id: 'logs', name: 'Loki', url: 'http://127.0.0.1:3100' } }],
      ['setCredential', { name: 'x', secret: 'y' }],
      ['exportSourceSettings', {}],
    ] as const) {
      const answer = await call(method, body, host.viewerToken);
      expect({ method, status: answer.status, json: answer.json }).toEqual({ method, status: 403, json: { ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } } });
    }
  });

  it('lets an operator save, records the credential’s name as who did it, and keeps it owner-only', async () => {
    const saved = await call('saveSource', { source: { kind: 'loki', id: 'logs', name: 'Loki', url: 'http://127.0.0.1:3100' }, author: 'mallory' }, host.token);
    expect(saved.status).toBe(200);
    expect(logged).toContain('[lockstep] settings: dana added Loki (logs)');
    const listed = RpcReplySchema.parse((await call('listSourceSettings', {}, host.token)).json);
    const list = SourceSettingsListSchema.parse(listed.ok ? listed.value : undefined);
    expect(list.sources.map((s) => `${s.id}:${s.origin}`)).toEqual(['am:file', 'logs:added']);
    expect(list.configOrigin).toBe('/etc/lockstep.json');
    expect(list.savedIn).toBe(join(dir, 'data', 'settings.json'));
    expect(list.credentials.kind).toBe('key-file');
    expect(statSync(list.savedIn).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(list.savedIn, 'utf8')).sourceLayer.sources).toEqual([{ kind: 'loki', id: 'logs', name: 'Loki', url: 'http://127.0.0.1:3100' }]);
  });
});
