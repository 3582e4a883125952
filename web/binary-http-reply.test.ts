import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/index';
import { BINARY_REPLY_MEDIA_TYPE, methods } from '../shared';
import { decodeBinaryReply } from '../shared/api/binary-reply';
import { decodeTraceColumns } from '../shared/trace/columns-codec';
import { LockstepConfigSchema } from '../services/config/sources';
import { startWebHost, type WebHost } from './server';

let host: WebHost;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-binary-http-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Lockstep</title>');
  const config = LockstepConfigSchema.parse({ mode: 'demo', sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet', locks: 2000, scheduledIncidents: false }] });
  host = await startWebHost({ config, dataDir: join(dir, 'data'), rendererDir, port: 0, embeddedSource: (source) => createDemoSource(source) });
});

afterAll(async () => {
  await host?.close();
});

/** POST /api/call/{method} as the page does, the body as bytes. */
function call(method: string, request: unknown, accept?: string, token = host.token) {
  const port = Number(new URL(host.url).port);
  return new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: `/api/call/${method}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(request));
  });
}

const jsonValue = (body: Buffer): unknown => (JSON.parse(body.toString('utf8')) as { value: unknown }).value;

describe('a trace over the web host’s HTTP call', () => {
  it('comes as the binary reply when the page asks for it, and decodes to the trace the JSON answer holds', async () => {
    const search = await call('searchTraces', { limit: 1, lookbackMs: 600_000 });
    const traceId = methods.searchTraces.response.parse(jsonValue(search.body)).traces[0]!.traceId;

    const binary = await call('getTraceColumns', { traceId }, `${BINARY_REPLY_MEDIA_TYPE}, application/json`);
    expect(binary.status).toBe(200);
    expect(binary.type).toBe(BINARY_REPLY_MEDIA_TYPE);
    const decoded = decodeBinaryReply(new Uint8Array(binary.body).buffer);
    if (!decoded.ok) throw new Error(decoded.problem);
    const columns = methods.getTraceColumns.response.parse(decoded.message.reply.value);
    expect(columns.start).toBeInstanceOf(Float64Array);

    // Without the Accept, the same call answers JSON (base64 columns), as before.
    const json = await call('getTraceColumns', { traceId });
    expect(json.type).toMatch(/^application\/json/);
    expect(decodeTraceColumns(columns)).toEqual(decodeTraceColumns(methods.getTraceColumns.response.parse(jsonValue(json.body))));
    // A viewer (a wall screen) may read a trace too.
    const viewer = await call('getTraceColumns', { traceId }, BINARY_REPLY_MEDIA_TYPE, new URL(host.viewerUrl).searchParams.get('token')!);
    expect(viewer.type).toBe(BINARY_REPLY_MEDIA_TYPE);
    expect(viewer.body.equals(binary.body)).toBe(true);
  });

  it('answers an error in JSON words even to a page that asked for bytes', async () => {
    const missing = await call('getTraceColumns', { traceId: 'f'.repeat(32) }, BINARY_REPLY_MEDIA_TYPE);
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/^application\/json/);
    expect(JSON.parse(missing.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // And any other answer stays JSON.
    const session = await call('getSession', {}, BINARY_REPLY_MEDIA_TYPE);
    expect(session.type).toMatch(/^application\/json/);
  });
});
