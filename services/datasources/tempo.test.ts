import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeOtlp } from '../../shared/trace';
import { createTempoSource } from './tempo';
import { SourceError } from './types';

const recorded = (path: string) => readFileSync(new URL(`./testdata/${path}`, import.meta.url), 'utf8');

// The recorded bodies carry base64 ids; the API is asked in hex.
const DOC_TRACE = Buffer.from('W47/95gDgQPSabYzgT/HAA==', 'base64').toString('hex');
const KIALI_TRACE = Buffer.from('O6VWCcPN5JZJzXfR+dzZNg==', 'base64').toString('hex');
const OTLP_TRACE = '83a9efd15c1c98a977e0711cc93ee28b';

/**
 * A stand-in for Tempo's published HTTP API (no Tempo can run here). `/api/traces/{id}`
 * answers the recorded v1 `{batches}` bodies; under /v2 it answers the v2 `{trace}` shape
 * and under /otlp plain OTLP, as proxies in front of Tempo may. Unknown ids are a
 * plain-text 404; one id is a storage failure, one an empty 200.
 */
const bodies: Record<string, Record<string, string>> = {
  '': { [DOC_TRACE]: recorded('tempo/traces-v1-batches.json'), [KIALI_TRACE]: recorded('tempo/kiali-trace-v1-batches.json'), e0: '{}' },
  '/v2': { [DOC_TRACE]: recorded('tempo/traces-v2.json') },
  '/otlp': { [OTLP_TRACE]: recorded('otlp/otlp-in.json') },
};
const seen: { url: string; accept?: string; tenant?: string }[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', accept: req.headers.accept, tenant: req.headers['x-scope-orgid'] as string | undefined });
    const match = /^(|\/v2|\/otlp)\/api\/traces\/([0-9a-f]+)$/.exec(req.url ?? '');
    if (!match) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
    const [, prefix, id] = match;
    if (id === '5000') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('error finding trace by id: rpc error: code = Unavailable desc = no healthy ingesters\n');
    const body = bodies[prefix!]?.[id!];
    if (body) res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('trace not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (path = '', headers?: Record<string, string>) =>
  createTempoSource({ id: 'tempo', name: 'Tempo', kind: 'tempo', url: `${url}${path}`, timeoutMs: 5000, headers });

describe('createTempoSource', () => {
  it("asks for JSON and reads Tempo's v1 {batches} answer", async () => {
    const trace = await source().traces!.getTrace(DOC_TRACE.toUpperCase());
    expect(seen.at(-1)).toMatchObject({ url: `/api/traces/${DOC_TRACE}`, accept: 'application/json' });
    expect(trace.traceId).toBe(DOC_TRACE);
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ service: 'my.service', operation: 'I am a span!', kind: 'server' });
  });

  it('reads the recorded 36 KB answer with one batch per service', async () => {
    const trace = await source().traces!.getTrace(KIALI_TRACE);
    expect(trace.traceId).toBe(KIALI_TRACE);
    expect(trace.spans).toHaveLength(8);
    expect(new Set(trace.spans.map((s) => s.service)).size).toBeGreaterThan(1);
  });

  it('reads the v2 {trace} shape and plain OTLP {resourceSpans} too', async () => {
    expect((await source('/v2').traces!.getTrace(DOC_TRACE)).spans).toHaveLength(1);
    const otlp = await source('/otlp').traces!.getTrace(OTLP_TRACE);
    expect(otlp.traceId).toBe(OTLP_TRACE);
    // Its two records share one span id; the connector hands on exactly what the normaliser makes of them.
    expect(otlp).toEqual(normalizeOtlp(JSON.parse(bodies['/otlp']![OTLP_TRACE]!))[0]);
  });

  it('sends the configured tenant header (multi-tenant Tempo)', async () => {
    await source('', { 'X-Scope-OrgID': 'fleet' }).traces!.getTrace(DOC_TRACE);
    expect(seen.at(-1)?.tenant).toBe('fleet');
  });

  it('turns the 404 and an empty answer into not_found', async () => {
    for (const id of ['abc123', 'e0']) {
      const error = await source().traces!.getTrace(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'not_found', sourceId: 'tempo' });
      expect((error as Error).message).toMatch(new RegExp(`^Tempo has no trace with id ${id} `));
    }
  });

  it("passes on a storage failure in Tempo's words", async () => {
    const error = await source().traces!.getTrace('5000').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected' });
    expect((error as Error).message).toBe(`Tempo (${new URL(url).host}) answered 500: error finding trace by id: rpc error: code = Unavailable desc = no healthy ingesters`);
  });

  it('says when nothing listens', async () => {
    const closed = createTempoSource({ id: 't', name: 'Tempo', kind: 'tempo', url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(closed.traces!.getTrace('abc')).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
