import { z } from 'zod';
import type { TraceColumns } from '../../shared/model/trace-columns';
import type { ByteReader } from '../../shared/text/byte-reader';
import { zipkinColumnsReader } from '../../shared/trace/zipkin-bytes';

/**
 * What the trace columns worker (columns-worker.ts) and the thread that feeds it
 * (columns-thread.ts) say to each other. Both ends are this program, but a message is
 * still bytes from another thread: each end checks what it is told before acting on it.
 */

/** The readers the worker runs, by name: a route's reader goes to the worker only if it is one of these (matched by identity). */
export const WORKER_READERS: Readonly<Record<string, ByteReader<TraceColumns>>> = {
  zipkin: zipkinColumnsReader,
};

/** The name the worker knows `reader` by, or undefined: that reader stays on the calling thread. */
export function workerReaderName(reader: ByteReader<TraceColumns>): string | undefined {
  for (const [name, known] of Object.entries(WORKER_READERS)) if (known === reader) return name;
  return undefined;
}

const Job = z.number().int().nonnegative();

/** To the worker: follow a body that is filling (`start`, then `arrived` as bytes come in), then `finish` or `drop` it. */
export const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: Job, reader: z.string(), body: z.instanceof(SharedArrayBuffer), length: z.number().int().nonnegative() }),
  z.object({ type: z.literal('arrived'), job: Job, filled: z.number().int().nonnegative() }),
  z.object({ type: z.literal('finish'), job: Job }),
  z.object({ type: z.literal('drop'), job: Job }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/**
 * From the worker: that it is ready; then, for a finished job, the columns; `declined` (the reader does not take this
 * answer: it goes the general way, JSON.parse and the schema); or `failed`, the reader's own
 * fault in words (the caller reads the body itself, and meets it there).
 */
export const FromWorkerSchema = z.discriminatedUnion('type', [
  /** Sent once, when the worker has loaded its readers: only then is an answer handed to it. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('columns'), job: Job, columns: z.custom<TraceColumns>(looksLikeColumns, 'not trace columns') }),
  z.object({ type: z.literal('declined'), job: Job }),
  z.object({ type: z.literal('failed'), job: Job, reason: z.string() }),
]);
export type FromWorker = z.infer<typeof FromWorkerSchema>;

/**
 * The shape the structured clone keeps: an object with a count and its typed arrays. Every
 * column's length and index is checked where columns are checked anyway (traceColumnsReply
 * in the host, TraceColumnsSchema in the page).
 */
function looksLikeColumns(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.count === 'number' &&
    Array.isArray(c.strings) &&
    c.spanId instanceof Int32Array &&
    c.start instanceof Float64Array &&
    c.duration instanceof Float64Array
  );
}

/** The ArrayBuffers under the columns' typed arrays, each once: moved to the other thread rather than copied. */
export function columnBuffers(columns: TraceColumns): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(columns)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
  }
  return [...buffers];
}
