import type { Worker } from 'node:worker_threads';
import type { TraceColumns } from '../../shared/model/trace-columns';
import type { ByteReader } from '../../shared/text/byte-reader';
import type { BodyReader, FollowedBody } from '../http/body-reader';
import { FromWorkerSchema, type ToWorker, workerReaderName } from './columns-worker-protocol';

/** Starts the worker (columns-worker.ts, or its build): each host knows where its own is. */
export type StartColumnsWorker = () => Worker;

/** A worker that dies this many times is not started again: the reading stays on the host's thread. */
const MAX_FAILURES = 3;
/** A finished answer the worker has not turned into columns after this long: the worker is stopped and the host reads the answer itself. */
const FINISH_TIMEOUT_MS = 30_000;
/**
 * After an answer this large, a worker left idle this long is replaced by a fresh one. What it
 * built to read the answer stays in its heap until it next allocates, which an idle worker
 * does not: about 50 MB after 100,000 spans (worker.getHeapStatistics()), held for as long as
 * no other large trace is opened. A fresh worker holds only its code.
 */
const RECYCLE_AFTER_BYTES = 8 * 1024 * 1024;
const RECYCLE_IDLE_MS = 10_000;

export interface ColumnsThreadOptions {
  finishTimeoutMs?: number;
  recycleAfterBytes?: number;
  recycleIdleMs?: number;
}

interface Job {
  id: number;
  bytes: number;
  /** Set once finish() is called: how the answer is given to the caller. */
  settle?: (outcome: Outcome) => void;
  /** The worker went away before finishing: finish() reads the body on this thread. */
  lost: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

type Outcome = { columns: TraceColumns } | { declined: true } | { inline: true };

/**
 * Reads large trace answers into columns on a worker thread while they arrive, so that the
 * host's own thread only receives them. Opening a 100,000-span trace means taking in 34 MB,
 * scanning it and building its columns: on the host's thread that held every other console's
 * requests for 190–290 ms at a time (the bench's `GET /api/health` probe); with the worker,
 * 40–110 ms. The open itself takes about as long either way: the scan, not the transfer, is
 * the slower part, wherever it runs.
 *
 * Never a reason for an open to fail: an answer too small to follow, a reader the worker does
 * not have, a second answer while one is being read, a worker not ready yet, one that fails
 * to start, dies, faults or hangs — each is read on the calling thread, as before this
 * existed. A trace source that reads on it starts the worker as the source is made (`start`),
 * else the first large answer does; it is kept, and holds the process open only while it has
 * an answer to read. A host with no such source (the embedded demo) never starts one.
 */
export class ColumnsThread {
  private worker: Worker | undefined;
  /** The worker said it has loaded its readers: until then answers are read here (a first open never waits for a worker to start). */
  private isReady = false;
  private readyWaiters: ((ready: boolean) => void)[] = [];
  private failures = 0;
  private jobs = 0;
  private active: Job | undefined;
  private closed = false;
  private recycleTimer: ReturnType<typeof setTimeout> | undefined;
  private recycled = 0;
  private readonly finishTimeoutMs: number;
  private readonly recycleAfterBytes: number;
  private readonly recycleIdleMs: number;

  constructor(
    private readonly startWorker: StartColumnsWorker,
    options: ColumnsThreadOptions = {},
  ) {
    this.finishTimeoutMs = options.finishTimeoutMs ?? FINISH_TIMEOUT_MS;
    this.recycleAfterBytes = options.recycleAfterBytes ?? RECYCLE_AFTER_BYTES;
    this.recycleIdleMs = options.recycleIdleMs ?? RECYCLE_IDLE_MS;
  }

  /** `reader`, following large answers on the worker where it can; a reader the worker does not have is returned as it is. */
  reader(reader: ByteReader<TraceColumns>): BodyReader<TraceColumns> {
    const name = workerName(reader);
    const follow = reader.follow;
    if (name === undefined || !follow) return reader;
    return {
      read: (body) => reader.read(body),
      follow: (body) => this.follow(name, body, reader) ?? follow(body),
    };
  }

  /** Whether answers `reader` reads can go to the worker (a source that has one starts the worker as it is made). */
  takes(reader: ByteReader<TraceColumns>): boolean {
    return workerName(reader) !== undefined;
  }

  /**
   * Starts the worker now, so that it has loaded before the first large trace is opened (a
   * trace source that reads on it calls this as it is made); true once it is ready, false if
   * it could not start.
   */
  start(): Promise<boolean> {
    if (this.isReady) return Promise.resolve(true);
    if (this.closed || this.failures >= MAX_FAILURES || !this.running()) return Promise.resolve(false);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Answers read on the worker so far (for tests and the bench). */
  get jobsStarted(): number {
    return this.jobs;
  }

  /** Workers replaced by a fresh one after a large answer (for tests). */
  get workersRecycled(): number {
    return this.recycled;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recycleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.isReady = false;
    this.tellReady(false);
    this.lose();
    if (worker) await worker.terminate();
  }

  private follow(name: string, body: Uint8Array, reader: ByteReader<TraceColumns>): FollowedBody<TraceColumns> | undefined {
    // The worker reads the very memory the answer arrives in, so only a shared buffer, whole, goes there.
    if (this.closed || this.active || this.failures >= MAX_FAILURES) return undefined;
    if (!(body.buffer instanceof SharedArrayBuffer) || body.byteOffset !== 0) return undefined;
    const worker = this.running();
    if (!worker || !this.isReady) return undefined;
    this.jobs += 1;
    const job: Job = { id: this.jobs, bytes: body.length, lost: false };
    clearTimeout(this.recycleTimer);
    this.active = job;
    worker.ref();
    const post = (message: ToWorker) => {
      if (this.active === job && this.worker) this.worker.postMessage(message);
    };
    post({ type: 'start', job: job.id, reader: name, body: body.buffer, length: body.length });
    return {
      arrived: (filled) => post({ type: 'arrived', job: job.id, filled }),
      finish: async () => {
        const outcome = job.lost ? { inline: true as const } : await this.finished(job);
        if ('columns' in outcome) return outcome.columns;
        if ('declined' in outcome) return undefined;
        return reader.read(body);
      },
      drop: () => {
        if (this.active !== job) return;
        post({ type: 'drop', job: job.id });
        this.release(job);
      },
    };
  }

  private finished(job: Job): Promise<Outcome> {
    return new Promise((resolve) => {
      job.settle = resolve;
      job.timer = setTimeout(() => {
        // Hung (or the answer is far beyond anything it was measured on): stop it; `exit` reads the answer here.
        void this.worker?.terminate();
      }, this.finishTimeoutMs);
      this.worker?.postMessage({ type: 'finish', job: job.id } satisfies ToWorker);
    });
  }

  private running(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = this.startWorker();
    } catch {
      this.failures = MAX_FAILURES;
      return undefined;
    }
    worker.on('message', (raw: unknown) => {
      if (this.worker === worker) this.answered(raw);
    });
    // An uncaught fault in the worker comes as `error`, then `exit`; either ends it for the job under way.
    worker.on('error', () => this.exited(worker));
    worker.on('exit', () => this.exited(worker));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private answered(raw: unknown): void {
    const parsed = FromWorkerSchema.safeParse(raw);
    if (parsed.success && parsed.data.type === 'ready') {
      this.isReady = true;
      this.tellReady(true);
      return;
    }
    const job = this.active;
    if (!job) return;
    if (!parsed.success) {
      // Not an answer this thread understands: read the answer here rather than guess.
      this.settle(job, { inline: true });
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready' || message.job !== job.id) return;
    if (message.type === 'columns') this.settle(job, { columns: message.columns });
    else if (message.type === 'declined') this.settle(job, { declined: true });
    else this.settle(job, { inline: true });
  }

  private exited(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.isReady = false;
    this.failures += 1;
    this.tellReady(false);
    this.lose();
  }

  /** A fresh worker in place of one that read a large answer and has been idle since (RECYCLE_IDLE_MS). */
  private recycle(): void {
    const worker = this.worker;
    if (this.closed || this.active || !worker) return;
    // Cleared first, so its exit is not counted as a failure.
    this.worker = undefined;
    this.isReady = false;
    this.recycled += 1;
    void worker.terminate();
    this.running();
  }

  private tellReady(ready: boolean): void {
    for (const tell of this.readyWaiters.splice(0)) tell(ready);
  }

  /** The worker is gone: the job under way, if any, is read on this thread. */
  private lose(): void {
    const job = this.active;
    if (job) this.settle(job, { inline: true });
  }

  private settle(job: Job, outcome: Outcome): void {
    const settle = job.settle;
    this.release(job);
    // Not finished yet (still arriving): finish() sees `lost` and reads it here; any other outcome before finish is ignored.
    if (!settle) {
      job.lost = true;
      return;
    }
    settle(outcome);
  }

  private release(job: Job): void {
    if (job.timer) clearTimeout(job.timer);
    job.settle = undefined;
    if (this.active === job) {
      this.active = undefined;
      if (job.bytes >= this.recycleAfterBytes && this.worker) {
        this.recycleTimer = setTimeout(() => this.recycle(), this.recycleIdleMs);
        this.recycleTimer.unref();
      }
    }
    this.worker?.unref();
  }
}

/** The name the worker knows `reader` by, where it can follow answers with it; undefined: it stays on the calling thread. */
function workerName(reader: ByteReader<TraceColumns>): string | undefined {
  return reader.follow ? workerReaderName(reader) : undefined;
}
