import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJaegerSource } from './jaeger';
import { SourceError } from './types';

const recorded = (name: string) => readFileSync(new URL(`./testdata/jaeger/${name}`, import.meta.url), 'utf8');

/** Jaeger's query-service envelope, as its `structuredResponse` writes it. */
const envelope = (data: unknown, errors: { code: number; msg: string }[] | null = null) => JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors });

/**
 * A stand-in for Jaeger's published query API (no Jaeger can run here): the recorded
 * answer from a real Jaeger, the converter fixture inside the envelope, 404 with the
 * error envelope for unknown ids, and a storage failure.
 */
const bodies: Record<string, { status: number; body: string }> = {
  '2ee9739529395e31': { status: 200, body: recorded('trace-loki-all-grafana.json') },
  '0000000000000001': { status: 200, body: envelope([JSON.parse(recorded('ui_01.json'))]) },
  '5000': { status: 500, body: envelope(null, [{ code: 500, msg: 'cassandra: no hosts available in the pool' }]) },
  '2000': { status: 200, body: envelope(null, [{ code: 500, msg: 'storage is warming up' }]) },
  '0e0e': { status: 200, body: envelope([]) },
};
const seen: string[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.accept}`);
    const match = /^\/jaeger\/api\/traces\/([0-9a-f]+)$/.exec(req.url ?? '');
    const answer = match ? bodies[match[1]!] : undefined;
    if (answer) res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    else if (match) res.writeHead(404, { 'content-type': 'application/json' }).end(envelope(null, [{ code: 404, msg: 'trace not found' }]));
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// The query service often sits under a path prefix (--query.base-path); the URL carries it.
const source = () => createJaegerSource({ id: 'jaeger', name: 'Jaeger', kind: 'jaeger', url: `${url}/jaeger/`, timeoutMs: 5000 });

describe('createJaegerSource', () => {
  it('fetches /api/traces/{id} as JSON and normalises the recorded answer', async () => {
    const trace = await source().traces!.getTrace('2EE9739529395E31');
    expect(seen.at(-1)).toBe('GET /jaeger/api/traces/2ee9739529395e31 application/json');
    expect(trace.traceId).toBe('2ee9739529395e31');
    expect(trace.spans).toHaveLength(2);
    expect(new Set(trace.spans.map((s) => s.service))).toEqual(new Set(['loki-all']));
  });

  it("keeps the trace's own warnings from the converter fixture", async () => {
    const trace = await source().traces!.getTrace('0000000000000001');
    expect(trace.spans.length).toBeGreaterThan(0);
    expect(trace.warnings.join(' ')).toMatch(/some trace warning/);
  });

  it('turns the 404 envelope into not_found, and an empty data list too', async () => {
    for (const id of ['abc123', '0e0e']) {
      const error = await source().traces!.getTrace(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'not_found', sourceId: 'jaeger' });
      expect((error as Error).message).toBe(`Jaeger has no trace with id ${id} (it may have expired or not been sampled)`);
    }
  });

  it("passes on the error envelope's message", async () => {
    const failed = await source().traces!.getTrace('5000').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SourceError);
    expect(failed).toMatchObject({ kind: 'rejected' });
    expect((failed as Error).message).toBe(`Jaeger (${new URL(url).host}) answered 500: cassandra: no hosts available in the pool`);
    await expect(source().traces!.getTrace('2000')).rejects.toThrow(/Jaeger reported: storage is warming up/);
  });

  it('refuses an id that is not hex without asking Jaeger', async () => {
    const before = seen.length;
    await expect(source().traces!.getTrace('../../admin')).rejects.toMatchObject({ kind: 'rejected' });
    expect(seen.length).toBe(before);
  });

  it('says when the URL is not a Jaeger', async () => {
    const wrong = createJaegerSource({ id: 'j', name: 'Jaeger', kind: 'jaeger', url: `${url}/grafana`, timeoutMs: 5000 });
    await expect(wrong.traces!.getTrace('abc')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
