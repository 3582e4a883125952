import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJaegerSource, JaegerDependenciesSchema } from './jaeger';
import { createTempoSource } from './tempo';
import { SourceError } from './types';
import { createZipkinSource, ZipkinDependenciesSchema } from './zipkin';

const fixture = (path: string) => readFileSync(new URL(`./testdata/${path}`, import.meta.url), 'utf8');
/** Jaeger's query-service envelope, as its `structuredResponse` writes it. */
const envelope = (data: unknown, errors: { code: number; msg: string }[] | null = null) => JSON.stringify({ data, total: 0, limit: 0, offset: 0, errors });

/**
 * Stand-ins for the published APIs (no Zipkin or Jaeger can run here): Zipkin's
 * `/api/v2/dependencies` answers a bare array, Jaeger's `/api/dependencies` the envelope.
 * Paths under /broken/ answer what a misbehaving backend might.
 */
const seen: string[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const json = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (path === '/zipkin/api/v2/dependencies') json(200, fixture('zipkin/dependencies.json'));
    else if (path === '/jaeger/api/dependencies') json(200, envelope(JSON.parse(fixture('jaeger/dependencies-jaeger-ui-small.json'))));
    else if (path === '/junk/api/v2/dependencies') json(200, '{"links":[{"from":"a","to":"b"}]}');
    else if (path === '/negative/api/v2/dependencies') json(200, '[{"parent":"a","child":"b","callCount":-1}]');
    else if (path === '/warming/api/dependencies') json(200, envelope(null, [{ code: 500, msg: 'storage is warming up' }]));
    else if (path === '/failing/api/dependencies') json(500, envelope(null, [{ code: 500, msg: 'cassandra: no hosts available in the pool' }]));
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const zipkin = (prefix = 'zipkin') => createZipkinSource({ id: 'zipkin', name: 'Zipkin', kind: 'zipkin', url: `${url}/${prefix}/`, timeoutMs: 5000 });
const jaeger = (prefix = 'jaeger') => createJaegerSource({ id: 'jaeger', name: 'Jaeger', kind: 'jaeger', url: `${url}/${prefix}`, timeoutMs: 5000 });
const window = { endTs: Date.UTC(2024, 5, 3, 10), lookbackMs: 86_400_000 };

describe('dependency links from the trace backends', () => {
  it('asks Zipkin for /api/v2/dependencies with endTs and lookback in ms and reads its links, errorCount 0 when left out', async () => {
    const links = await zipkin().traces!.dependencies!(window);
    expect(seen.at(-1)).toBe(`GET /zipkin/api/v2/dependencies?endTs=${window.endTs}&lookback=86400000`);
    expect(links).toEqual([
      { parent: 'web', child: 'app', callCount: 1, errorCount: 0 },
      { parent: 'app', child: 'db', callCount: 1, errorCount: 1 },
      { parent: 'foo', child: 'bar', callCount: 2, errorCount: 0 },
      { parent: 'bar', child: 'baz', callCount: 2, errorCount: 1 },
    ]);
  });

  it("asks Jaeger's legacy /api/dependencies and unwraps the envelope", async () => {
    const links = await jaeger().traces!.dependencies!(window);
    expect(seen.at(-1)).toBe(`GET /jaeger/api/dependencies?endTs=${window.endTs}&lookback=86400000`);
    expect(links).toHaveLength(7);
    expect(links).toContainEqual({ parent: 'Service2', child: 'Service4', callCount: 129216, errorCount: 0 });
  });

  it('rejects answers that are not links, in words', async () => {
    await expect(zipkin('junk').traces!.dependencies!(window)).rejects.toThrow(/sent an unexpected answer/);
    await expect(zipkin('negative').traces!.dependencies!(window)).rejects.toThrow(/unexpected answer \(0\.callCount/);
    await expect(jaeger('warming').traces!.dependencies!(window)).rejects.toThrow(/errors: storage is warming up/);
    await expect(jaeger('failing').traces!.dependencies!(window)).rejects.toThrow(/answered 500: cassandra: no hosts available/);
    await expect(zipkin('nothing-here').traces!.dependencies!(window)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('checks the window before anything is sent', async () => {
    const before = seen.length;
    await expect(zipkin().traces!.dependencies!({ endTs: 1.5, lookbackMs: 10 })).rejects.toBeInstanceOf(SourceError);
    await expect(zipkin().traces!.dependencies!({ endTs: window.endTs, lookbackMs: 0 })).rejects.toMatchObject({ kind: 'rejected' });
    expect(seen.length).toBe(before);
  });

  it('parses the published shapes with the schemas alone', () => {
    expect(ZipkinDependenciesSchema.safeParse([{ parent: 'a', child: 'b', callCount: 3 }]).success).toBe(true);
    expect(ZipkinDependenciesSchema.safeParse([{ parent: 'a', child: 'b' }]).success).toBe(false);
    expect(ZipkinDependenciesSchema.safeParse({ parent: 'a', child: 'b', callCount: 1 }).success).toBe(false);
    expect(JaegerDependenciesSchema.safeParse({ data: [], total: 0, limit: 0, offset: 0, errors: null }).data).toEqual([]);
    expect(JaegerDependenciesSchema.safeParse([{ parent: 'a', child: 'b', callCount: 1 }]).success).toBe(false);
  });

  it('Tempo has no dependency API, so its source offers none', () => {
    expect(createTempoSource({ id: 'tempo', name: 'Tempo', kind: 'tempo', url, timeoutMs: 5000 }).traces!.dependencies).toBeUndefined();
  });
});
