import { abortReason } from './concurrency-limit';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  tries: number;
  /** Full jitter: the wait before retry n is uniform in [0, min(capMs, baseMs · 2ⁿ)). */
  baseMs: number;
  capMs: number;
  /** A Retry-After longer than this is not waited for: the failure is told now instead. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, baseMs: 200, capMs: 2_000, retryAfterCapMs: 5_000 };

/** The gateway statuses that say "not now" rather than "no": a proxy or load balancer between us and a restarting server. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Only reads are tried again: GET and HEAD, or a POST the connector declares a read (a
 * PromQL query sent as a form). A write that failed may have happened; sending it again
 * is the action pipeline's call (services/actions/action-pipeline.ts), which reads the
 * backend back first.
 */
export function mayRetry(method: string, declaredRead: boolean | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || declaredRead === true;
}

export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** retry));
}

/** Retry-After in ms (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Waits `ms`, or rejects with the signal's reason the moment it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
