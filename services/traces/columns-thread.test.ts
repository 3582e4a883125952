import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceColumns } from '../../shared/model/trace-columns';
import { generateTrace } from '../../shared/trace/generate';
import { zipkinColumnsReader } from '../../shared/trace/zipkin-bytes';
import type { BodyReader } from '../http/body-reader';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import { createJaegerSource } from '../datasources/jaeger';
import { createZipkinSource } from '../datasources/zipkin';
import { ColumnsThread, type StartColumnsWorker } from './columns-thread';
import { startColumnsWorkerFromSource } from './columns-worker-start';

/**
 * Large trace answers read into columns on a worker thread while they arrive, with the real
 * worker (columns-worker.ts) and, for the ways a worker fails, stand-ins that exit, hang or
 * talk nonsense: whatever the worker does, the caller gets the columns the host's own thread
 * would have made.
 */

const trace = (spans: number, seed: number) => Buffer.from(JSON.stringify(generateTrace({ spans, seed })));
const TRACE = trace(3_000, 5);
const OTHER = trace(2_000, 6);

/** The body as decodeBody fills it: shared memory, zero until each chunk lands, told after each. */
async function fillInChunks(reader: BodyReader<TraceColumns>, bytes: Buffer, chunk = 64 * 1024, beforeFinish?: () => void): Promise<TraceColumns | undefined> {
  const body = Buffer.from(new SharedArrayBuffer(bytes.length));
  const reading = reader.follow!(body);
  for (let at = 0; at < bytes.length; at += chunk) {
    bytes.copy(body, at, at, Math.min(at + chunk, bytes.length));
    reading.arrived(Math.min(at + chunk, bytes.length));
    // Let the worker take its messages between chunks, as a network would.
    await new Promise((resolve) => setImmediate(resolve));
  }
  beforeFinish?.();
  return reading.finish();
}

/** Workers that misbehave once ready, as source text: each says it is ready, then does `then` with each message `m`. */
const misbehaving = (then: string) => `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => { ${then} }); parentPort.postMessage({ type: 'ready' });`;
const DIES_MID_ANSWER = misbehaving(`if (m.type === 'arrived') process.exit(3);`);
const SILENT = misbehaving('');
const NONSENSE = misbehaving(`if (m.type === 'finish') parentPort.postMessage({ type: 'columns', job: m.job, columns: 'not columns' });`);
const NEVER_READY = `require('node:worker_threads').parentPort.on('message', () => {})`;
const evalWorker = (code: string): StartColumnsWorker => () => new Worker(code, { eval: true });

const threads: ColumnsThread[] = [];
/** A thread whose worker has said it is ready (as a host starts it). */
async function thread(start: StartColumnsWorker = startColumnsWorkerFromSource, options = {}): Promise<ColumnsThread> {
  const made = new ColumnsThread(start, options);
  threads.push(made);
  expect(await made.start()).toBe(true);
  return made;
}
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.close()));
});

/** A thread (not started here) on a worker of `code`, and how many times it started one. */
function countingStarts(code: string): { worker: ColumnsThread; started: () => number } {
  let starts = 0;
  const worker = new ColumnsThread(() => {
    starts += 1;
    return new Worker(code, { eval: true });
  });
  threads.push(worker);
  return { worker, started: () => starts };
}

const inline = (bytes: Buffer) => zipkinColumnsReader.read(bytes);

describe('the trace columns worker', () => {
  it('reads an answer into the same columns as the host thread, while it arrives', async () => {
    const worker = await thread();
    const columns = await fillInChunks(worker.reader(zipkinColumnsReader), TRACE);
    expect(worker.jobsStarted).toBe(1);
    expect(columns?.count).toBe(3_000);
    expect(columns).toEqual(inline(TRACE));
    // The next answer goes to the same worker, and comes back whole too.
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER, 4096)).toEqual(inline(OTHER));
    expect(worker.jobsStarted).toBe(2);
  }, 30_000);

  it('gives undefined for an answer the reader does not take, so it goes the general way', async () => {
    const worker = await thread();
    const notATrace = Buffer.from(JSON.stringify({ data: [{ traceID: 'abc' }] }));
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), notATrace)).toBeUndefined();
    expect(worker.jobsStarted).toBe(1);
  }, 30_000);

  it('reads on the host thread what it cannot hand over: a second answer at once, memory that is not shared', async () => {
    const worker = await thread();
    const reader = worker.reader(zipkinColumnsReader);
    const first = Buffer.from(new SharedArrayBuffer(TRACE.length));
    const reading = reader.follow!(first);
    // While the first is with the worker, the second is followed here.
    expect(await fillInChunks(reader, OTHER)).toEqual(inline(OTHER));
    const plain = Buffer.alloc(OTHER.length);
    const here = reader.follow!(plain);
    OTHER.copy(plain);
    here.arrived(OTHER.length);
    expect(await here.finish()).toEqual(inline(OTHER));
    expect(worker.jobsStarted).toBe(1);
    TRACE.copy(first);
    reading.arrived(TRACE.length);
    expect(await reading.finish()).toEqual(inline(TRACE));
  }, 30_000);

  it('is free for the next answer once one is dropped (a transfer that broke off)', async () => {
    const worker = await thread();
    const reader = worker.reader(zipkinColumnsReader);
    const broken = reader.follow!(Buffer.from(new SharedArrayBuffer(TRACE.length)));
    broken.arrived(1000);
    broken.drop?.();
    expect(await fillInChunks(reader, OTHER)).toEqual(inline(OTHER));
    expect(worker.jobsStarted).toBe(2);
  }, 30_000);

  it('replaces a worker left idle after a large answer, and reads the next answer on the fresh one', async () => {
    let starts = 0;
    const worker = await thread(() => {
      starts += 1;
      return startColumnsWorkerFromSource();
    }, { recycleAfterBytes: TRACE.length, recycleIdleMs: 100 });
    // Smaller than the mark: kept.
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER)).toEqual(inline(OTHER));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.workersRecycled).toBe(0);
    // As large: replaced once idle, and the fresh one reads the next.
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), TRACE)).toEqual(inline(TRACE));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(worker.workersRecycled).toBe(1);
    expect(await worker.start()).toBe(true);
    expect(starts).toBe(2);
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER)).toEqual(inline(OTHER));
    expect(worker.jobsStarted).toBe(3);
  }, 30_000);

  it('is started by a trace source that reads on it as the source is made, and by no other', async () => {
    const made = (kind: 'zipkin' | 'jaeger') => {
      const counted = countingStarts(NEVER_READY);
      const config = SourceConfigSchema.parse({ kind, id: kind, name: kind, url: 'http://127.0.0.1:9' }) as SourceConfigOf<'zipkin'> & SourceConfigOf<'jaeger'>;
      const source = kind === 'zipkin' ? createZipkinSource(config, { columnsThread: counted.worker }) : createJaegerSource(config, { columnsThread: counted.worker });
      return { ...counted, source };
    };
    const zipkin = made('zipkin');
    expect(zipkin.started()).toBe(1);
    const jaeger = made('jaeger');
    expect(jaeger.started()).toBe(0);
    await Promise.all([zipkin.source.close?.(), jaeger.source.close?.()]);
  });

  it('hands back a reader it has no worker reader for as it is', () => {
    const own = { read: () => 1 };
    expect(new ColumnsThread(startColumnsWorkerFromSource).reader(own as never)).toBe(own);
  });

  it.each([
    ['dies mid-answer', DIES_MID_ANSWER],
    ['answers nonsense', NONSENSE],
  ])('reads the answer on the host thread when the worker %s', async (_, code) => {
    const worker = await thread(evalWorker(code));
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), TRACE)).toEqual(inline(TRACE));
    expect(worker.jobsStarted).toBe(1);
  }, 30_000);

  it('stops a worker that does not answer, and reads the answer itself', async () => {
    const worker = await thread(evalWorker(SILENT), { finishTimeoutMs: 300 });
    const started = Date.now();
    expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER)).toEqual(inline(OTHER));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(worker.jobsStarted).toBe(1);
  }, 30_000);

  it('stops starting a worker that keeps dying: after three, answers stay on the host thread', async () => {
    const { worker, started } = countingStarts(DIES_MID_ANSWER);
    for (let k = 0; k < 5; k += 1) {
      const ready = await worker.start();
      expect(ready).toBe(k < 3);
      // The answer kills the worker it is handed to; the host thread reads it.
      expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER, 64 * 1024)).toEqual(inline(OTHER));
    }
    expect(started()).toBe(3);
    expect(worker.jobsStarted).toBe(3);
  }, 30_000);

  it('reads answers on the host thread until the worker says it is ready, and starts it at the first', async () => {
    const { worker, started } = countingStarts(NEVER_READY);
    for (let k = 0; k < 2; k += 1) expect(await fillInChunks(worker.reader(zipkinColumnsReader), OTHER)).toEqual(inline(OTHER));
    expect(started()).toBe(1);
    expect(worker.jobsStarted).toBe(0);
  }, 30_000);

  it('keeps serving after a message it cannot read', async () => {
    const worker = new Worker(new URL('./columns-worker.ts', import.meta.url), { execArgv: [...process.execArgv, '--import', 'tsx'] });
    try {
      const answers: unknown[] = [];
      worker.on('message', (m) => answers.push(m));
      for (const junk of [null, 'start', { type: 'start', job: -1 }, { type: 'finish' }, { type: 'start', job: 1, reader: 'zipkin', body: new ArrayBuffer(4), length: 4 }]) worker.postMessage(junk);
      const body = new SharedArrayBuffer(OTHER.length);
      OTHER.copy(Buffer.from(body));
      worker.postMessage({ type: 'start', job: 7, reader: 'nobody', body, length: OTHER.length });
      worker.postMessage({ type: 'start', job: 8, reader: 'zipkin', body, length: OTHER.length });
      worker.postMessage({ type: 'finish', job: 8 });
      await new Promise<void>((resolve) => {
        const check = () => (answers.some((a) => (a as { job?: number }).job === 8) ? resolve() : setTimeout(check, 20));
        check();
      });
      expect(answers).toHaveLength(3);
      expect(answers[0]).toEqual({ type: 'ready' });
      expect(answers[1]).toMatchObject({ type: 'failed', job: 7 });
      expect(answers[2]).toMatchObject({ type: 'columns', job: 8, columns: { count: 2_000 } });
    } finally {
      await worker.terminate();
    }
  }, 30_000);
});
