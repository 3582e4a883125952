import { isMainThread, parentPort } from 'node:worker_threads';
import type { ArrivingRead, ByteReader } from '../../shared/text/byte-reader';
import type { TraceColumns } from '../../shared/model/trace-columns';
import { columnBuffers, type FromWorker, ToWorkerSchema, WORKER_READERS } from './columns-worker-protocol';

/**
 * The worker thread's entry (started by columns-thread.ts): it reads a large trace answer
 * into columns while the calling thread receives it. The body is a SharedArrayBuffer the
 * caller fills as chunks arrive; each `arrived` says how far it is filled, and the reader
 * (ZipkinScanProgress) reads the records that lie wholly within. So receiving (undici, the
 * copy into the buffer) and scanning run on two cores at once, and the host's own thread,
 * which also serves every console, is not held for the scan and the columns.
 *
 * One job at a time: a new `start` drops the one before (its transfer failed or was retried).
 * A message that does not parse is ignored: nothing a message says can end the worker.
 *
 * A file of its own, where the Prometheus decoder's worker runs one self-contained function
 * from its source text (services/datasources/prometheus-decode-worker.ts): this reader spans a
 * dozen modules (the scan, the rows, the tree, the codec). The web host runs it from source
 * (columns-worker-start.ts); the desktop app from its build (vite.worker.config.ts).
 */
interface Job {
  id: number;
  body: Uint8Array;
  reader: ByteReader<TraceColumns>;
  reading: ArrivingRead<TraceColumns> | undefined;
}

function serve(port: NonNullable<typeof parentPort>): void {
  let job: Job | undefined;
  const answer = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

  port.on('message', (raw: unknown) => {
    const parsed = ToWorkerSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'start') {
      const reader = WORKER_READERS[message.reader];
      if (!reader || message.length > message.body.byteLength) {
        answer({ type: 'failed', job: message.job, reason: `the trace worker cannot read this answer (reader "${message.reader}")` });
        job = undefined;
        return;
      }
      const body = new Uint8Array(message.body, 0, message.length);
      job = { id: message.job, body, reader, reading: reader.follow?.(body) };
      return;
    }
    if (!job || job.id !== message.job) return;
    if (message.type === 'arrived') {
      try {
        job.reading?.arrived(message.filled);
      } catch {
        // A fault while following: the whole body is read afresh at finish.
        job.reading = undefined;
      }
      return;
    }
    const done = job;
    job = undefined;
    if (message.type === 'drop') return;
    try {
      const columns = done.reading ? done.reading.finish() : done.reader.read(done.body);
      if (columns === undefined) answer({ type: 'declined', job: done.id });
      else answer({ type: 'columns', job: done.id, columns }, columnBuffers(columns));
    } catch (error) {
      answer({ type: 'failed', job: done.id, reason: error instanceof Error ? error.message : String(error) });
    }
  });
}

if (!isMainThread && parentPort) {
  serve(parentPort);
  parentPort.postMessage({ type: 'ready' } satisfies FromWorker);
}
