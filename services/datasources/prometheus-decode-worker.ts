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
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

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
  private worker: Promise<Worker | undefined> | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private broken = false;

  constructor(options: MatrixDecoderOptions = {}) {
    this.offThreadMinBytes = options.offThreadMinBytes ?? OFF_THREAD_MIN_BYTES;
  }

  /** The answer's bytes to columns. A body sent to the worker is detached: the caller must not read it afterwards. */
  async decode(body: Uint8Array, fallbackName = '{}'): Promise<ColumnarMatrix> {
    if (this.broken || body.byteLength < this.offThreadMinBytes) return decodeMatrixBytes(body, fallbackName);
    const worker = await this.start();
    if (!worker) return decodeMatrixBytes(body, fallbackName);
    const { buffer, offset, length } = transferable(body);
    const id = this.nextId++;
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
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
    this.worker ??= new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SOURCE, { eval: true });
      } catch {
        this.broken = true;
        resolve(undefined);
        return;
      }
      // A worker that is only waiting for answers must not keep the process alive.
      worker.unref();
      let ready = false;
      worker.on('message', (message: WorkerReply | { ready: true }) => {
        if ('ready' in message) {
          ready = true;
          resolve(worker);
          return;
        }
        const job = this.jobs.get(message.id);
        this.jobs.delete(message.id);
        job?.resolve(message);
      });
      const stop = (why: string) => {
        this.worker = undefined;
        if (!ready) {
          // It never ran: decode in place from now on, with no answer lost.
          this.broken = true;
          resolve(undefined);
        }
        for (const job of this.jobs.values()) {
          job.reject(new PrometheusDecodeError(`an answer Lockstep could not finish reading: its decoding thread stopped (${why}); the next refresh reads it again`));
        }
        this.jobs.clear();
      };
      worker.on('error', (error) => stop(error.message));
      worker.on('exit', (code) => stop(`exit code ${code}`));
    });
    return this.worker;
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
