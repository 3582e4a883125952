import { SourceError } from '../datasources/types';
import { errorMessage } from '../util/errors';
import { codeOf, transportFailure } from './failure-words';
import type { SourceProblem } from './problems';

/** An error from a source request, as a "Test connection" button shows it: what failed, and the one sentence to show. */
export interface ClassifiedSourceError {
  /** The finest name known: a SourceProblem, else the SourceError's kind; "aborted" for a cancelled request, "internal" for a fault of Lockstep's. */
  kind: SourceProblem | SourceError['kind'] | 'aborted' | 'internal';
  sentence: string;
}

/**
 * Classifies anything a source request may throw. Requests made through services/http
 * already throw SourceErrors with their sentence and problem; those pass through as they
 * are. A raw network error (a caller that used undici itself) is worded the same way
 * when `where` says which source and URL it was for.
 */
export function classifySourceError(error: unknown, where?: { sourceId: string; url: string; product?: string; timeoutMs?: number }): ClassifiedSourceError {
  if (error instanceof SourceError) return { kind: error.problem ?? error.kind, sentence: error.message };
  if (isAbort(error)) return { kind: 'aborted', sentence: 'the request was cancelled before it finished' };
  if (where && codeOf(error)) {
    let url: URL | undefined;
    try {
      url = new URL(where.url);
    } catch {
      url = undefined;
    }
    if (url) {
      const words = transportFailure(
        error,
        { sourceId: where.sourceId, url, timeoutMs: where.timeoutMs ?? 10_000, ...(where.product ? { product: where.product } : {}) },
        { answered: false, received: 0, deadlinePassed: false },
      );
      return { kind: words.problem ?? words.kind, sentence: words.message };
    }
  }
  return { kind: 'internal', sentence: errorMessage(error) };
}

function isAbort(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  // undici also reports a proxy's refusal to tunnel as UND_ERR_ABORTED ("Proxy response (407) !== 200…"): that is no cancellation.
  if (error instanceof Error && error.message.startsWith('Proxy response')) return false;
  return e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.code === 'UND_ERR_ABORTED' || e?.code === 'ABORT_ERR';
}
