import type { TraceFetchProgress } from '../../../shared/api/trace-progress';
import { byteSize } from '../support/byte-size';

/** What the trace view says while a trace is on its way: which step, and how much of it. */
export function traceProgressWords(progress: TraceFetchProgress | undefined): string {
  if (!progress || progress.phase === 'asking') return 'Loading trace… waiting for the trace store to answer';
  if (progress.phase === 'reading') return `Loading trace… all ${byteSize(progress.receivedBytes)} received; reading the spans`;
  if (progress.phase === 'sending') return 'Loading trace… read; laying out the waterfall';
  const total = progress.totalBytes;
  if (total !== undefined && total > 0) return `Loading trace… ${byteSize(progress.receivedBytes)} of ${byteSize(total)} received`;
  return `Loading trace… ${byteSize(progress.receivedBytes)} received so far`;
}

/** How full the bar is, 0 to 1; undefined while that cannot be known (no answer yet, or no announced size). */
export function traceProgressFraction(progress: TraceFetchProgress | undefined): number | undefined {
  if (!progress || progress.phase === 'asking') return undefined;
  if (progress.phase === 'reading' || progress.phase === 'sending') return 1;
  const total = progress.totalBytes;
  return total !== undefined && total > 0 ? Math.min(1, progress.receivedBytes / total) : undefined;
}
