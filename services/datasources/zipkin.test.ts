import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrace, normalizeZipkin } from '../../shared/trace';
import { encodeTraceColumns } from '../../shared/trace/columns-codec';
import { SourceError } from './types';
import { createZipkinSource } from './zipkin';

const recorded = (name: string) => readFileSync(new URL(`./testdata/zipkin/${name}`, import.meta.url), 'utf8');

/**
 * A stand-in for Zipkin's published v2 API (no Zipkin server can run here): it serves the
 * recorded zipkin-lens bodies at /api/v2/trace/{id} and answers unknown ids with 404.
 */
const generated = JSON.stringify(generateTrace({ spans: 3_000, seed: 8 }));
const generatedId = (JSON.parse(generated) as { traceId: string }[])[0]!.traceId;
// Over 1 MB with its length announced, sent in pieces with pauses: read while it arrives (ZipkinScanProgress).
const large = Buffer.from(JSON.stringify(generateTrace({ spans: 6_000, seed: 9 })));
const largeId = (JSON.parse(large.toString()) as { traceId: string }[])[0]!.traceId;
const traces: Record<string, string> = {
  a03ee8fff1dcd9b9: recorded('yelp.json'),
  '1e223ff1f80f1c69': recorded('skew.json'),
  [generatedId]: generated,
  // Cut off mid-record, and an empty answer for an id the store does not have.
  cafe: generated.slice(0, 5_000),
  beef: '[]',
};
const seen: string[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === `/api/v2/trace/${largeId}`) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': large.length });
      const piece = Math.ceil(large.length / 5);
      const send = (at: number): void => {
        if (at >= large.length) return void res.end();
        res.write(large.subarray(at, at + piece));
        setTimeout(() => send(at + piece), 20);
      };
      return send(0);
    }
    const match = /^\/api\/v2\/trace\/([0-9a-f]+)$/.exec(req.url ?? '');
    const body = match ? traces[match[1]!] : undefined;
    if (req.method === 'GET' && match && body) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else if (match && match[1] === 'badbad') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"not":"a trace"}');
    } else if (match) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`Trace ${match[1]} not found`);
    } else {
      res.writeHead(500).end('unexpected path');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const source = () => createZipkinSource({ id: 'zipkin', name: 'Zipkin', kind: 'zipkin', url, timeoutMs: 5000 });

describe('createZipkinSource', () => {
  it('fetches /api/v2/trace/{id} and normalises the recorded trace', async () => {
    const trace = await source().traces!.getTrace('A03EE8FFF1DCD9B9');
    expect(seen).toContain('GET /api/v2/trace/a03ee8fff1dcd9b9');
    expect(trace.traceId).toBe('a03ee8fff1dcd9b9');
    expect(trace.spans).toHaveLength(JSON.parse(traces.a03ee8fff1dcd9b9!).length);
    expect(trace.spans.find((s) => s.spanId === '7a778764a0d0b594:server')?.rpc?.cs).toBe(1571896375310000);
  });

  it('reports clock skew from the recorded skew trace', async () => {
    const trace = await source().traces!.getTrace('1e223ff1f80f1c69');
    expect(trace.warnings.join(' ')).toMatch(/clock skew/);
  });

  it('turns 404 into not_found saying no trace with that id is stored', async () => {
    const error = await source().traces!.getTrace('abc123').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'not_found', sourceId: 'zipkin' });
    expect((error as Error).message).toMatch(/no trace with id abc123/);
  });

  it('rejects ids that are not hex and bodies that are not traces', async () => {
    await expect(source().traces!.getTrace('../admin')).rejects.toMatchObject({ kind: 'rejected' });
    await expect(source().traces!.getTrace('badbad')).rejects.toThrow(/cannot read: expected a Zipkin v2 trace/);
  });

  it('reads a large trace of the usual shape from its bytes into the trace the general path makes', async () => {
    const trace = await source().traces!.getTrace(generatedId);
    expect(trace).toStrictEqual(normalizeZipkin(JSON.parse(generated)));
  });

  it('reads a trace of announced length while it arrives into the same trace and columns', async () => {
    const expected = normalizeZipkin(JSON.parse(large.toString()));
    expect(await source().traces!.getTrace(largeId)).toStrictEqual(expected);
    expect(await source().traces!.getTraceColumns!(largeId)).toStrictEqual(encodeTraceColumns(expected));
  });

  it('opens a trace as columns straight from the bytes, the very columns its trace encodes to, and words failures as getTrace does', async () => {
    // The generated trace takes the columns path; the skew trace declines it (skew is corrected on spans); yelp's too.
    for (const id of [generatedId, largeId, '1e223ff1f80f1c69', 'a03ee8fff1dcd9b9']) {
      expect(await source().traces!.getTraceColumns!(id)).toStrictEqual(encodeTraceColumns(await source().traces!.getTrace(id)));
    }
    await expect(source().traces!.getTraceColumns!('cafe')).rejects.toMatchObject({ kind: 'bad_response', message: expect.stringMatching(/JSON/) });
    await expect(source().traces!.getTraceColumns!('beef')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(source().traces!.getTraceColumns!('abc123')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(source().traces!.getTraceColumns!('badbad')).rejects.toThrow(/cannot read: expected a Zipkin v2 trace/);
  });

  it('words an answer cut short, and an empty one, as before', async () => {
    await expect(source().traces!.getTrace('cafe')).rejects.toMatchObject({ kind: 'bad_response', message: expect.stringMatching(/JSON/) });
    await expect(source().traces!.getTrace('beef')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('says so when nothing listens', async () => {
    const closed = createZipkinSource({ id: 'z', name: 'Zipkin', kind: 'zipkin', url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await expect(closed.traces!.getTrace('abc')).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
