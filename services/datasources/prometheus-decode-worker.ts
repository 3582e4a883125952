import { Worker } from 'node:worker_threads';
import { asDecodeError, type ColumnarMatrix, decodeMatrixBytes, decodeMatrixText, fromScanned, PrometheusDecodeError } from './prometheus-decode';
import { createMatrixScanner, NOT_SCANNED, type ScannedMatrix } from './prometheus-matrix-scanner';

/**
 * Answers at least this large are scanned on a worker thread; smaller ones on the
 * caller's. Measured with `npm run bench -- prometheus` on the project's 2-core machine
 * (500 series × 1,440 points of rates, 21 MB, other work running at load 2.7): decoded in
 * place, the event loop was held for the whole decode, 114 ms (median of 5); on the
 * worker its longest stall was 5 ms, for 118 ms in total instead of 114. At 1 MB an
 * in-place scan takes about 6 ms, as long as the worker's round trip, and the first
 * answer would also pay the worker's start: below that, in place is as good.
 */
export const OFF_THREAD_MIN_BYTES = 1024 * 1024;

interface Job {
  /** The thread holding the answer: only its failure fails this job. */
  worker: Worker;
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

/** How long a new thread may take to say it is ready before answers are decoded in place instead. */
export const WORKER_START_TIMEOUT_MS = 10_000;
/**
 * How long one answer may stay on the thread. A 21 MB answer takes about 120 ms there; a
 * thread silent for this long is stuck, and without a bound its callers (an export, a
 * panel) would wait for ever, since the request's own timeout ended with the body read.
 */
export const WORKER_REPLY_TIMEOUT_MS = 30_000;

interface WorkerReply {
  id: number;
  scanned?: ScannedMatrix;
  /** The answer is not a matrix: its bytes come back for the general path. */
  notScanned?: { buffer: ArrayBuffer; offset: number; length: number };
  error?: { name: string; message: string };
}

/**
 * The worker runs the scanner from its own source text (createMatrixScanner refers to
 * nothing outside itself), so it needs no separate file in any build: the Electron
 * bundle, tsx and vitest all hand it the same function. `__name` is the one helper a
 * transpiler may add to that text (esbuild's keepNames, which tsx turns on); it is
 * defined here as what it is, a function that returns its argument.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
var __name = (target) => target;
const scanner = (${createMatrixScanner.toString()})();
parentPort.on('message', ({ id, buffer, offset, length }) => {
  try {
    const scanned = scanner.scan(new Uint8Array(buffer, offset, length));
    // The series are views of two arrays: moving those two moves them all.
    const transfer = new Set();
    for (const series of scanned.series) transfer.add(series.times.buffer).add(series.values.buffer);
    parentPort.postMessage({ id, scanned }, [...transfer]);
  } catch (error) {
    if (error && error.name === ${JSON.stringify(NOT_SCANNED)}) {
      parentPort.postMessage({ id, notScanned: { buffer, offset, length } }, [buffer]);
    } else {
      parentPort.postMessage({ id, error: { name: String(error && error.name), message: String(error && error.message) } });
    }
  }
});
parentPort.postMessage({ ready: true });
`;

export interface MatrixDecoderOptions {
  /** Answers from this size on go to the worker; 0 sends every one (tests), Infinity none. */
  offThreadMinBytes?: number;
  /** Tests shorten these; see WORKER_START_TIMEOUT_MS and WORKER_REPLY_TIMEOUT_MS. */
  startTimeoutMs?: number;
  replyTimeoutMs?: number;
  /** The thread's code; tests hand it one that never says it is ready, or never answers. */
  workerSource?: string;
}

/**
 * Decodes range answers, large ones on one long-lived worker thread so that a big answer
 * never stalls the services' event loop (every console's alerts, notifications and
 * replies run there). The body's memory moves to the worker and the columns move back
 * (transferred, not copied). Should the worker fail to start, answers are decoded in
 * place from then on; one that dies mid-answer fails only the answers it held.
 */
export class MatrixDecoder {
  private readonly offThreadMinBytes: number;
  private readonly startTimeoutMs: number;
  private readonly replyTimeoutMs: number;
  private readonly workerSource: string;
  private worker: Promise<Worker | undefined> | undefined;
  /** Threads that said they were ready and have not stopped since: a job is only ever posted to one of these. */
  private readonly running = new WeakSet<Worker>();
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private broken = false;

  constructor(options: MatrixDecoderOptions = {}) {
    this.offThreadMinBytes = options.offThreadMinBytes ?? OFF_THREAD_MIN_BYTES;
    this.startTimeoutMs = options.startTimeoutMs ?? WORKER_START_TIMEOUT_MS;
    this.replyTimeoutMs = options.replyTimeoutMs ?? WORKER_REPLY_TIMEOUT_MS;
    this.workerSource = options.workerSource ?? WORKER_SOURCE;
  }

  /** The answer's bytes to columns. A body sent to the worker is detached: the caller must not read it afterwards. */
  async decode(body: Uint8Array, fallbackName = '{}'): Promise<ColumnarMatrix> {
    if (this.broken || body.byteLength < this.offThreadMinBytes) return decodeMatrixBytes(body, fallbackName);
    const worker = await this.start();
    // It may have stopped while this caller waited for it to start: a message posted to it would never be answered.
    if (!worker || !this.running.has(worker)) return decodeMatrixBytes(body, fallbackName);
    const { buffer, offset, length } = transferable(body);
    const id = this.nextId++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.jobs.delete(id)) return;
        reject(new PrometheusDecodeError(`an answer Lockstep could not finish reading: its decoding thread gave no result within ${this.replyTimeoutMs / 1000} s; the next refresh reads it again`));
        // A thread that sat on one answer this long is stuck: a fresh one takes the next.
        void worker.terminate();
      }, this.replyTimeoutMs);
      timer.unref();
      const settle = <A>(done: (arg: A) => void) => (arg: A) => {
        clearTimeout(timer);
        done(arg);
      };
      this.jobs.set(id, { worker, resolve: settle(resolve), reject: settle(reject) });
      worker.postMessage({ id, buffer, offset, length }, [buffer]);
    });
    if (reply.scanned) return fromScanned(reply.scanned, fallbackName);
    if (reply.notScanned) {
      const { buffer: back, offset: at, length: size } = reply.notScanned;
      return decodeMatrixText(new Uint8Array(back, at, size), fallbackName);
    }
    const error = new Error(reply.error?.message ?? 'the decoder gave no reason');
    error.name = reply.error?.name ?? 'Error';
    throw asDecodeError(error);
  }

  /** Stops the worker (services closing, tests); later answers start a new one. */
  async close(): Promise<void> {
    const worker = await this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Promise<Worker | undefined> {
    if (this.worker) return this.worker;
    const starting: Promise<Worker | undefined> = new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(this.workerSource, { eval: true });
      } catch {
        this.broken = true;
        resolve(undefined);
        return;
      }
      // A worker that is only waiting for answers must not keep the process alive.
      worker.unref();
      let ready = false;
      const startTimer = setTimeout(() => stop(`not ready within ${this.startTimeoutMs / 1000} s`), this.startTimeoutMs);
      startTimer.unref();
      worker.on('message', (message: WorkerReply | { ready: true }) => {
        if ('ready' in message) {
          clearTimeout(startTimer);
          ready = true;
          this.running.add(worker);
          resolve(worker);
          return;
        }
        const job = this.jobs.get(message.id);
        this.jobs.delete(message.id);
        job?.resolve(message);
      });
      let stopped = false;
      const stop = (why: string) => {
        if (stopped) return;
        stopped = true;
        clearTimeout(startTimer);
        this.running.delete(worker);
        // Only this thread's own place is cleared: a newer thread may already hold it.
        if (this.worker === starting) this.worker = undefined;
        if (!ready) {
          // It never ran: decode in place from now on, with no answer lost.
          this.broken = true;
          resolve(undefined);
          void worker.terminate();
        }
        for (const [id, job] of this.jobs) {
          if (job.worker !== worker) continue;
          this.jobs.delete(id);
          job.reject(new PrometheusDecodeError(`an answer Lockstep could not finish reading: its decoding thread stopped (${why}); the next refresh reads it again`));
        }
      };
      worker.on('error', (error) => stop(error.message));
      worker.on('exit', (code) => stop(`exit code ${code}`));
    });
    this.worker = starting;
    return starting;
  }
}

/** The body as a whole ArrayBuffer of its own, which postMessage can move without copying; a copy when it shares one. */
function transferable(body: Uint8Array): { buffer: ArrayBuffer; offset: number; length: number } {
  const whole = body.buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  if (whole) return { buffer: body.buffer as ArrayBuffer, offset: 0, length: body.byteLength };
  const copy = new Uint8Array(body.byteLength);
  copy.set(body);
  return { buffer: copy.buffer, offset: 0, length: copy.byteLength };
}

/** The process's decoder: one worker for every Prometheus source. */
export const sharedMatrixDecoder = new MatrixDecoder();
