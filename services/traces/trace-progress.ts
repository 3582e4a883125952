import type { TraceFetchProgress } from '../../shared/api/trace-progress';
import { type TraceColumns, toTraceColumnsWire } from '../../shared/model/trace-columns';
import { traceColumnsHead } from '../../shared/trace/columns-head';
import type { ClientSession } from '../core/client';
import type { ProgressWatcher } from './trace-columns-cache';

/** At most this often per phase: a 34 MB answer arrives in hundreds of chunks. */
export const TRACE_PROGRESS_EVERY_MS = 100;

/**
 * Tells the console that opened a trace how far the fetch is, as `traceProgress` events under
 * its `progressId` (not broadcast: others did not ask). Every change of phase goes at once;
 * bytes within a phase at most every TRACE_PROGRESS_EVERY_MS. No id, nothing to tell.
 */
export function traceProgressTo(client: ClientSession, progressId: string | undefined, now: () => number = Date.now): ProgressWatcher | undefined {
  if (!progressId) return undefined;
  let lastPhase: TraceFetchProgress['phase'] | undefined;
  let lastAt = 0;
  return (progress) => {
    const at = now();
    if (progress.phase === lastPhase && at - lastAt < TRACE_PROGRESS_EVERY_MS) return;
    lastPhase = progress.phase;
    lastAt = at;
    client.send({ event: 'traceProgress', payload: { progressId, ...progress } });
  };
}

/**
 * A trace fetch whose progress ends with `sending` once its columns are made, before they are
 * encoded and sent: for a large trace it carries the first rows (shared/trace/columns-head.ts),
 * so the page draws the top of the waterfall while the rest travels and is laid out.
 */
export async function columnsWithHead(fetch: (report: ProgressWatcher) => Promise<TraceColumns>, report: ProgressWatcher): Promise<TraceColumns> {
  let last: TraceFetchProgress | undefined;
  const columns = await fetch((progress) => {
    last = progress;
    report(progress);
  });
  report({
    phase: 'sending',
    receivedBytes: last?.receivedBytes ?? 0,
    ...(last?.totalBytes !== undefined ? { totalBytes: last.totalBytes } : {}),
    ...firstRows(columns),
  });
  return columns;
}

/** The head as it travels; none where cutting it fails: the first rows are a head start, and the trace opens without them. */
function firstRows(columns: TraceColumns): Pick<TraceFetchProgress, 'head'> {
  try {
    const head = traceColumnsHead(columns);
    return head ? { head: { ...head, columns: toTraceColumnsWire(head.columns) } } : {};
  } catch {
    return {};
  }
}
