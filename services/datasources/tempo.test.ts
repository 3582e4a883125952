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
const GO_404 = '404 page not found\n';

/**
 * A stand-in for Tempo's published HTTP API (no Tempo can run here). At the root, a current
 * Tempo: `/api/v2/traces/{id}` answers the v2 `{trace}` shape (under /partial the built
 * PARTIAL answer), `/api/traces/{id}` the recorded v1 `{batches}`. Under /old, a Tempo from
 * before the v2 route: Go's "404 page not found" there, v1 answers. Under /otlp, a proxy
 * answering plain OTLP at the v1 path. Unknown ids are a plain-text "trace not found" 404;
 * one id is a storage failure, one an empty 200.
 */
const v1: Record<string, string> = { [DOC_TRACE]: recorded('tempo/traces-v1-batches.json'), [KIALI_TRACE]: recorded('tempo/kiali-trace-v1-batches.json'), e0: '{}' };
const seen: { url: string; accept?: string; tenant?: string }[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', accept: req.headers.accept, tenant: req.headers['x-scope-orgid'] as string | undefined });
    const text = (status: number, body: string) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
    const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    const match = /^(|\/old|\/otlp|\/partial)\/api\/(v2\/)?traces\/([0-9a-f]+)$/.exec(req.url ?? '');
    if (!match) return void text(404, GO_404);
    const [, prefix, v2, id] = match;
    if (id === '5000') return void text(500, 'error finding trace by id: rpc error: code = Unavailable desc = no healthy ingesters\n');
    if (v2) {
      if (prefix === '/old' || prefix === '/otlp') return void text(404, GO_404);
      if (prefix === '/partial' && id === DOC_TRACE) return void json(recorded('tempo/traces-v2-partial-built.json'));
      if (prefix === '' && id === DOC_TRACE) return void json(recorded('tempo/traces-v2.json'));
      return void text(404, 'trace not found\n');
    }
    if (prefix === '/otlp' && id === OTLP_TRACE) return void json(recorded('otlp/otlp-in.json'));
    const body = prefix === '/partial' ? undefined : v1[id!];
    if (body) json(body);
    else text(404, 'trace not found\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = (path = '', headers?: Record<string, string>) =>
  createTempoSource({ id: 'tempo', name: 'Tempo', kind: 'tempo', url: `${url}${path}`, timeoutMs: 5000, headers });

describe('createTempoSource', () => {
  it('asks /api/v2/traces/{id} for JSON and reads the v2 {trace} answer', async () => {
    const before = seen.length;
    const trace = await source().traces!.getTrace(DOC_TRACE.toUpperCase());
    expect(seen.slice(before)).toEqual([{ url: `/api/v2/traces/${DOC_TRACE}`, accept: 'application/json' }]);
    expect(trace.traceId).toBe(DOC_TRACE);
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ service: 'my.service', operation: 'I am a span!', kind: 'server' });
    expect(trace.partial).toBeUndefined();
  });

  it("flags Tempo's PARTIAL answer on the trace (built from the published API)", async () => {
    const trace = await source('/partial').traces!.getTrace(DOC_TRACE);
    expect(trace.partial).toBe('Trace exceeds maximum size of 5000000 bytes, a partial trace is returned');
    expect(trace.warnings[0]).toMatch(/^Tempo returned only part of this trace: /);
  });

  it('falls back to /api/traces/{id} on a Tempo without the v2 route, and remembers it has none', async () => {
    const old = source('/old');
    const before = seen.length;
    const trace = await old.traces!.getTrace(KIALI_TRACE);
    expect(seen.slice(before).map((s) => s.url)).toEqual([`/old/api/v2/traces/${KIALI_TRACE}`, `/old/api/traces/${KIALI_TRACE}`]);
    expect(trace.traceId).toBe(KIALI_TRACE);
    expect(trace.spans).toHaveLength(8);
    expect(new Set(trace.spans.map((s) => s.service)).size).toBeGreaterThan(1);
    const next = seen.length;
    await old.traces!.getTrace(DOC_TRACE);
    expect(seen.slice(next).map((s) => s.url)).toEqual([`/old/api/traces/${DOC_TRACE}`]);
  });

  it('reads plain OTLP {resourceSpans} from a proxy at the v1 path', async () => {
    const otlp = await source('/otlp').traces!.getTrace(OTLP_TRACE);
    expect(otlp.traceId).toBe(OTLP_TRACE);
    // Its two records share one span id; the connector hands on exactly what the normaliser makes of them.
    expect(otlp).toEqual(normalizeOtlp(JSON.parse(recorded('otlp/otlp-in.json')))[0]);
  });

  it('sends the configured tenant header (multi-tenant Tempo)', async () => {
    await source('', { 'X-Scope-OrgID': 'fleet' }).traces!.getTrace(DOC_TRACE);
    expect(seen.at(-1)?.tenant).toBe('fleet');
  });

  it("turns Tempo's 'trace not found' into not_found without asking the older route, and an empty answer too", async () => {
    const before = seen.length;
    const missing = await source().traces!.getTrace('abc123').catch((e: unknown) => e);
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/api/v2/traces/abc123']);
    for (const [error, id] of [
      [missing, 'abc123'],
      [await source('/old').traces!.getTrace('e0').catch((e: unknown) => e), 'e0'],
    ] as const) {
      expect(error).toBeInstanceOf(SourceError);
      expect(error).toMatchObject({ kind: 'not_found', sourceId: 'tempo' });
      expect((error as Error).message).toBe(`Tempo has no trace with id ${id} (it may have expired or not been sampled)`);
    }
  });

  it("passes on a storage failure in Tempo's words", async () => {
    const error = await source('/old').traces!.getTrace('5000').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'rejected' });
    expect((error as Error).message).toBe(`Tempo (${new URL(url).host}) answered 500: error finding trace by id: rpc error: code = Unavailable desc = no healthy ingesters`);
  });

  it('says when nothing listens', async () => {
    const closed = createTempoSource({ id: 't', name: 'Tempo', kind: 'tempo', url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(closed.traces!.getTrace('abc')).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
