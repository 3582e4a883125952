import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../web/server';
import { readIncidentFileArg } from './lib/incident-file-arg';
import { OFFLINE_CONFIG } from './lib/offline-config';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-open-'));
const FILE = join(dir, 'bad release ü.lockstep.json');
const CONTENT = '{"format":"lockstep.incident","version":1}';
let host: WebHost;
let port: number;

beforeAll(async () => {
  writeFileSync(FILE, CONTENT);
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  const file = readIncidentFileArg(FILE);
  if (!file.ok) throw new Error(file.problem);
  host = await startWebHost({ config: OFFLINE_CONFIG, dataDir: join(dir, 'data'), rendererDir, incidentFile: { name: file.name, bytes: file.bytes } });
  port = Number(new URL(host.url).port);
});

afterAll(async () => {
  await host?.close();
});

/** Raw HTTP so the test sets Host and Origin as a hostile page or a rebinding attack would. */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm run open: the offline host', () => {
  it('serves the page and, to the token holder, the file byte for byte with its name', async () => {
    expect((await get('/')).body.toString()).toContain('<title>Lockstep</title>');
    const file = await get('/api/incident-file', { authorization: `Bearer ${host.token}` });
    expect(file.status).toBe(200);
    expect(file.body.toString()).toBe(CONTENT);
    expect(file.headers['x-lockstep-file-name']).toBe(encodeURIComponent('bad release ü.lockstep.json'));
    expect(file.headers['content-type']).toBe('application/octet-stream');
  });

  it('refuses the file without the token, from a foreign Origin, and under a foreign Host', async () => {
    expect((await get('/api/incident-file')).status).toBe(401);
    expect((await get('/api/incident-file', { authorization: 'Bearer wrong-token-wrong-token-wrong' })).status).toBe(401);
    expect((await get('/api/incident-file', { authorization: `Bearer ${host.token}`, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/api/incident-file', { authorization: `Bearer ${host.token}`, host: `evil.example:${port}` })).status).toBe(421);
  });

  it('runs with no sources: the session lists none', async () => {
    const response = await fetch(`${host.url}/api/call/getSession`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: '{}' });
    const reply = (await response.json()) as { ok: boolean; value: { sources: unknown[]; mode: string } };
    expect(reply.ok).toBe(true);
    expect(reply.value.sources).toEqual([]);
  });
});

describe('npm run open: the file argument', () => {
  it('a missing file is one sentence and exit code 2, before anything starts', () => {
    const missing = join(dir, 'nope.lockstep.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/open.ts', missing], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`lockstep open: Cannot open the incident file ${missing}: there is no such file.`);
  });

  it('refuses a folder, an empty file and a file over the limit by its size', () => {
    expect(readIncidentFileArg(dir)).toEqual({ ok: false, problem: `Cannot open the incident file ${dir}: it is not a regular file.` });
    const empty = join(dir, 'empty.lockstep.json');
    writeFileSync(empty, '');
    expect(readIncidentFileArg(empty)).toEqual({ ok: false, problem: `${empty} is empty: it is not an incident file.` });
    // Sparse: 100 MB + 1 byte of size costs no disk; refused by its size, not by reading it.
    const huge = join(dir, 'huge.lockstep.json');
    writeFileSync(huge, '');
    truncateSync(huge, 100_000_001);
    expect(readIncidentFileArg(huge)).toEqual({ ok: false, problem: `${huge} is 101 MB; Lockstep opens incident files up to 100 MB, so it was not read.` });
    expect(readIncidentFileArg(undefined)).toMatchObject({ ok: false, problem: expect.stringContaining('npm run open --') });
  });
});
