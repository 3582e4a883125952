import { afterAll, describe, expect, it } from 'vitest';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import { decodeMatrixBytes, PrometheusDecodeError } from './prometheus-decode';
import { MatrixDecoder } from './prometheus-decode-worker';

// Every answer goes to the worker here, however small.
const decoder = new MatrixDecoder({ offThreadMinBytes: 0 });
afterAll(() => decoder.close());

const body = (json: unknown) => Buffer.from(JSON.stringify(json));

describe('decoding on the worker thread', () => {
  it('gives the same columns as decoding in place, and takes the body with it instead of copying it', async () => {
    const json = syntheticMatrix(200, 1440, { values: 'rates' });
    const inPlace = decodeMatrixBytes(body(json), 'expr');
    const sent = body(json);
    const size = sent.byteLength;
    const worked = await decoder.decode(sent, 'expr');
    expect(worked.series.map((s) => [s.name, s.labels])).toEqual(inPlace.series.map((s) => [s.name, s.labels]));
    const mismatches = worked.series.flatMap((s, i) =>
      s.values.some((v, k) => !Object.is(v, inPlace.series[i]!.values[k])) || s.times.some((t, k) => t !== inPlace.series[i]!.times[k]) ? [i] : [],
    );
    expect(mismatches).toEqual([]);
    expect(worked.series[0]!.values).toBeInstanceOf(Float64Array);
    expect(size).toBeGreaterThan(1_000_000);
    // Buffer.from of a large string owns its memory: it moved to the worker.
    expect(sent.byteLength).toBe(0);
  });

  it('answers several requests at once, each with its own series', async () => {
    const answers = await Promise.all([3, 5, 7].map((n) => decoder.decode(body(syntheticMatrix(n, 10)))));
    expect(answers.map((a) => a.series.length)).toEqual([3, 5, 7]);
    expect(answers[2]!.series[6]!.values[9]).toBe(6 + 9 / 1000);
  });

  it('hands an answer that is not a matrix back for the general path, and its words', async () => {
    const vector = body({ status: 'success', data: { resultType: 'vector', result: [] } });
    const error = await decoder.decode(vector).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusDecodeError);
    expect((error as PrometheusDecodeError).message).toBe('expected a range result (matrix) but got a vector');
    // The parsed answer rides along, for the connector's own words on an error envelope.
    expect((error as PrometheusDecodeError).answer).toEqual({ status: 'success', data: { resultType: 'vector', result: [] } });
    const refused = body({ status: 'error', errorType: 'bad_data', error: '1:5: parse error: unclosed left parenthesis' });
    await expect(decoder.decode(refused)).rejects.toThrow(/^1:5: parse error: unclosed left parenthesis$/);
  });

  it('says where a cut-off answer ends, in the same words as in place', async () => {
    const text = JSON.stringify(syntheticMatrix(3, 10)).slice(0, -40);
    const inPlace = (() => {
      try {
        decodeMatrixBytes(Buffer.from(text));
      } catch (error) {
        return (error as Error).message;
      }
      return 'decoded';
    })();
    expect(inPlace).toMatch(/^an answer cut off after [\d,]+ bytes \(in data\.result\[2\]\.values\[\d+\]/);
    const error = await decoder.decode(Buffer.from(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusDecodeError);
    expect((error as Error).message).toBe(inPlace);
  });

  it('starts a new worker after being closed', async () => {
    await decoder.close();
    const again = await decoder.decode(body(syntheticMatrix(2, 3)));
    expect(again.series).toHaveLength(2);
  });
});

describe('a decoding thread that hangs', () => {
  const silent = `require('node:worker_threads').parentPort.on('message', () => {}); require('node:worker_threads').parentPort.postMessage({ ready: true });`;

  it('fails the answer it sat on, in words, instead of leaving its caller waiting for ever', async () => {
    const stuck = new MatrixDecoder({ offThreadMinBytes: 0, replyTimeoutMs: 300, workerSource: silent });
    try {
      const started = Date.now();
      const error = await stuck.decode(body(syntheticMatrix(2, 3))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusDecodeError);
      expect((error as Error).message).toBe('an answer Lockstep could not finish reading: its decoding thread gave no result within 0.3 s; the next refresh reads it again');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await stuck.close();
    }
  });

  it('decodes in place when a thread never says it is ready, and loses no answer', async () => {
    const neverReady = new MatrixDecoder({ offThreadMinBytes: 0, startTimeoutMs: 300, workerSource: `setInterval(() => {}, 1000);` });
    try {
      const answers = await Promise.all([2, 4].map((n) => neverReady.decode(body(syntheticMatrix(n, 3)))));
      expect(answers.map((a) => a.series.length)).toEqual([2, 4]);
    } finally {
      await neverReady.close();
    }
  });
});
