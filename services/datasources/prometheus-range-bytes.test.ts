import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAt } from '../../shared';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import { createPrometheusSource } from './prometheus';
import { SourceError } from './types';

/**
 * The range query from the wire to the shared model: bytes read by the matrix scanner
 * (on the worker thread for the large answer), through the connector's error words.
 */
const big = JSON.stringify(syntheticMatrix(100, 1440, { values: 'rates' }));
const matrix = '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","city":"oslo"},"values":[[1,"1"],[2,"+Inf"],[3,"NaN"]]}]}}';

const answers: Record<string, (res: import('node:http').ServerResponse) => void> = {
  ok: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(matrix),
  gzip: (res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(matrix)),
  big: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big),
  // Some proxies answer 200 with the error envelope.
  envelope: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}'),
  cut: (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(matrix.slice(0, matrix.indexOf('[3,'))),
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => answers[req.url!.split('/')[1]!]!(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** How Prometheus means its sample strings. */
const prometheusNumber = (text: string) => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text));

const query = (path: string) =>
  createPrometheusSource({ id: 'prom', name: 'Test Prometheus', kind: 'prometheus', url: `${base}/${path}`, timeoutMs: 10_000 }).metrics!.queryRange({
    expr: 'up',
    start: 0,
    end: 60_000,
    stepSeconds: 15,
  });

describe('a range query read from its bytes', () => {
  it('decodes the answer into the shared model, +Inf as a marker and NaN as a gap', async () => {
    for (const path of ['ok', 'gzip']) {
      const { series } = await query(path);
      expect(series).toEqual([{ name: 'up', labels: { city: 'oslo' }, times: [1000, 2000, 3000], values: [1, null, null], posInf: [1] }]);
      expect([0, 1, 2].map((i) => sampleAt(series[0]!, i))).toEqual([1, Infinity, null]);
    }
  });

  it('decodes a large answer (on the worker thread) to the same numbers as JSON.parse', async () => {
    const { series } = await query('big');
    const reference = (JSON.parse(big) as { data: { result: { values: [number, string][] }[] } }).data.result;
    expect(series).toHaveLength(100);
    expect(Buffer.byteLength(big)).toBeGreaterThan(1024 * 1024);
    const wrong = series.flatMap((s, i) =>
      reference[i]!.values.flatMap(([t, v], k) => (s.times[k] === Math.round(t * 1000) && Object.is(sampleAt(s, k) ?? NaN, prometheusNumber(v)) ? [] : [`${i}/${k}`])),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('words an error envelope sent with 200 as the server refusing the query', async () => {
    const error = await query('envelope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toMatch(/^Test Prometheus .+ the query \(timeout\): query timed out in expression evaluation$/);
  });

  it('says where a cut-off answer ends', async () => {
    const error = await query('cut').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    // The answer stops right after the comma that promised sample 2.
    const size = matrix.indexOf('[3,');
    expect((error as SourceError).message).toBe(
      `${new URL(base).host} sent an answer cut off after ${size} bytes (in data.result[0].values[2], where a JSON value was expected); the connection dropped or something in between cut it short: retry, or narrow the query or time range`,
    );
  });
});
