import { isAscii } from 'node:buffer';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { SourceError } from '../datasources/types';
import { formatBytes } from './failure-words';
import { MB, type ResponseBudget } from './response-budget';

/** What Lockstep asks for: undici's `request` does not decompress, so decodeBody does. */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

export interface BodyLimits {
  sourceId: string;
  host: string;
  /** Largest answer accepted, counted after decompression (what memory holds). */
  maxBytes: number;
  budget: ResponseBudget;
  /** Hand back the bytes, not text, for a decoder that reads bytes (the Prometheus matrix scanner): text would cost as much again. */
  bytes?: boolean;
  /** The answer has no body by its method or status (HEAD, 204, 304). */
  noBody?: boolean;
  /**
   * For a large plain answer of announced length (read into one buffer as it arrives): given
   * that buffer, zero-filled, returns what to tell after each chunk (how many bytes are in),
   * so the caller can read it while the rest is on its way (BodyReader.follow). The buffer's
   * memory is a SharedArrayBuffer: the reader may be on another thread.
   */
  follow?: (body: Buffer) => (filled: number) => void;
  /** Told how far the body is as it arrives (a trace being opened shows it). */
  watch?: TransferWatch;
}

/**
 * Told as an answer's body arrives: the bytes in so far and the announced total where it means
 * those same bytes (a plain answer's Content-Length; a compressed one's counts what it
 * unpacks to, so no total), first with 0, then after each chunk, and once more with `complete`
 * when the last byte is in. A watcher that throws is not told again; the transfer goes on.
 */
export type TransferWatch = (received: number, total: number | undefined, complete: boolean) => void;

function guarded(watch: TransferWatch | undefined): TransferWatch | undefined {
  if (!watch) return undefined;
  let broken = false;
  return (received, total, complete) => {
    if (broken) return;
    try {
      watch(received, total, complete);
    } catch {
      broken = true;
    }
  };
}

/** Bytes received so far, for the words if the body breaks off. */
export interface BodyProgress {
  received: number;
  expected?: number;
}

/**
 * Reads an answer's body to text, decompressing gzip, deflate and br, and counting the
 * decoded bytes against the source's cap and the console's budget as they arrive (a small
 * gzip can unpack to gigabytes). The bytes stay reserved until `release()`; on failure they
 * are given back and the body is destroyed. A network error is rethrown as it is, for
 * transportFailure to word with `progress`.
 */
export async function decodeBody(
  body: Readable,
  headers: Record<string, string | string[] | undefined>,
  limits: BodyLimits,
  progress: BodyProgress,
): Promise<{ text: string; bytes?: Buffer; release: () => void }> {
  const encoding = headerValue(headers['content-encoding'])?.trim().toLowerCase();
  const announced = Number(headerValue(headers['content-length']));
  if (Number.isFinite(announced) && headerValue(headers['content-length']) !== undefined) progress.expected = announced;
  let reserved = 0;
  const release = () => {
    limits.budget.release(reserved);
    reserved = 0;
  };
  // An answer with no body (HEAD, 204, 304, or an announced length of 0) has nothing to decompress, whatever its header says.
  const plain = !encoding || encoding === 'identity' || limits.noBody === true || progress.expected === 0;
  if (plain && progress.expected !== undefined && progress.expected > limits.maxBytes) {
    body.destroy();
    throw tooLarge(limits, ` (it announced ${formatBytes(progress.expected)})`);
  }
  let decoder: ReturnType<typeof decoderFor> | undefined;
  try {
    decoder = plain ? undefined : decoderFor(encoding, limits);
  } catch (error) {
    body.destroy();
    throw error;
  }
  // pipeline hands a failure of the body (a stall, a reset) on to the decoder, so reading it throws that same error.
  const stream: Readable = decoder ? pipeline(body, decoder, () => undefined) : body;
  const chunks: Buffer[] = [];
  // A large plain answer of announced length is copied into one buffer as it arrives, its
  // bytes reserved up front: no concatenation of tens of MB after the last chunk, when the
  // caller is waiting (a 100,000-span trace is 34 MB). More than announced goes on as chunks.
  let into: Buffer | undefined;
  let filled = 0;
  const expected = progress.expected ?? 0;
  let arrived: ((filled: number) => void) | undefined;
  if (plain && expected >= PREALLOCATE_FROM && limits.budget.tryReserve(expected)) {
    reserved = expected;
    // Zero-filled where someone reads it while it fills: what has not arrived must read as nothing, not as old memory.
    // Shared memory (zeroed when made), so that a reader on another thread can follow it too (services/traces/columns-thread.ts).
    into = limits.follow ? Buffer.from(new SharedArrayBuffer(expected)) : Buffer.allocUnsafe(expected);
    arrived = limits.follow?.(into);
  }
  const watch = guarded(limits.watch);
  const total = plain ? progress.expected : undefined;
  watch?.(0, total, false);
  try {
    for await (const chunk of stream) {
      const bytes = (chunk as Buffer).length;
      if (progress.received + bytes > limits.maxBytes) throw tooLarge(limits, decoder ? ' (once decompressed)' : '');
      if (into) {
        if (filled + bytes <= into.length) {
          (chunk as Buffer).copy(into, filled);
          filled += bytes;
          progress.received += bytes;
          arrived?.(filled);
          watch?.(progress.received, total, false);
          continue;
        }
        chunks.push(into.subarray(0, filled));
        into = undefined;
      }
      if (!limits.budget.tryReserve(bytes)) {
        throw new SourceError(
          limits.sourceId,
          `${limits.host}'s answer was dropped: answers are larger than this console can hold at once (${Math.round(limits.budget.totalBytes / MB)} MB in flight); narrow the query or time range`,
          'rejected',
          'over_budget',
        );
      }
      reserved += bytes;
      progress.received += bytes;
      chunks.push(chunk as Buffer);
      watch?.(progress.received, total, false);
    }
    watch?.(progress.received, total, true);
    const bytes = into ? into.subarray(0, filled) : Buffer.concat(chunks);
    chunks.length = 0;
    if (limits.bytes) return { text: '', bytes, release };
    return { text: textOf(bytes), release };
  } catch (error) {
    release();
    body.destroy();
    stream.destroy();
    if (decoder && isZlibError(error)) {
      throw new SourceError(
        limits.sourceId,
        `${limits.host} sent a ${encoding} answer that does not decompress (${(error as Error).message}) — a proxy on the way may have changed it`,
        'bad_response',
        'undecodable',
      );
    }
    throw error;
  }
}

/** Below this, collecting chunks and joining them costs nothing worth avoiding. */
const PREALLOCATE_FROM = 1024 * 1024;

/** An answer's bytes as text. Most are plain ASCII, which reads the same as Latin-1: a straight copy instead of UTF-8 decoding. */
export function textOf(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

function decoderFor(encoding: string, limits: BodyLimits) {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new SourceError(
        limits.sourceId,
        `${limits.host} sent its answer encoded as "${encoding.slice(0, 40)}", which Lockstep did not ask for (it accepts ${ACCEPT_ENCODING})`,
        'bad_response',
        'undecodable',
      );
  }
}

function tooLarge(limits: BodyLimits, detail: string): SourceError {
  return new SourceError(
    limits.sourceId,
    `${limits.host} sent more than ${formatBytes(limits.maxBytes)} in one answer${detail}; refusing it. Narrow the query or time range, or raise "maxResponseMB" on this source`,
    'rejected',
    'too_large',
  );
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^Z_|^ERR_BROTLI|^ERR__ERROR_FORMAT_PADDING/.test(code);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
