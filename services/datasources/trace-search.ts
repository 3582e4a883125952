import type { Trace, TraceQuery, TraceSearchResult, TraceSummary } from '../../shared';
import { sortSummaries, summarizeTrace, traceMatches, TraceFormatError } from '../../shared/trace';
import { SourceError } from './types';

/** What every search connector does alike once it has its answer. */

/**
 * Whole traces from a search answer (Zipkin, Jaeger) as one result: each normalised on its
 * own, so one that cannot be read is left out with a warning rather than hiding the rest;
 * filtered here where the backend could not (`filterHere`), sorted and cut to the limit.
 */
export function resultFromTraces(
  who: string,
  normalizers: readonly (() => Trace | Trace[])[],
  query: TraceQuery,
  options: { filterHere?: boolean; warnings?: string[] } = {},
): TraceSearchResult {
  const warnings = [...(options.warnings ?? [])];
  const traces: Trace[] = [];
  let unreadable = 0;
  let problem = '';
  for (const normalize of normalizers) {
    try {
      const made = normalize();
      if (Array.isArray(made)) traces.push(...made);
      else traces.push(made);
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      unreadable += 1;
      problem ||= error.message;
    }
  }
  if (unreadable > 0) {
    warnings.push(`${unreadable} trace${unreadable === 1 ? '' : 's'} in ${who}'s answer could not be read and ${unreadable === 1 ? 'is' : 'are'} left out (${problem})`);
  }
  const kept = options.filterHere ? traces.filter((t) => traceMatches(t, query)) : traces;
  return resultFromSummaries(kept.map(summarizeTrace), query, warnings);
}

/** Summaries (however made) as the result: sorted as asked, cut to the limit. */
export function resultFromSummaries(summaries: TraceSummary[], query: TraceQuery, warnings: string[] = []): TraceSearchResult {
  const sorted = sortSummaries(dedupeById(summaries), query.sort);
  return { traces: sorted.slice(0, query.limit), warnings, limitReached: sorted.length >= query.limit };
}

/** A store may answer one trace twice (64- and 128-bit ids of it in different blocks): keep the first. */
function dedupeById(list: TraceSummary[]): TraceSummary[] {
  const seen = new Set<string>();
  return list.filter((t) => (seen.has(t.traceId) ? false : (seen.add(t.traceId), true)));
}

/** A duration as Go's time.ParseDuration and TraceQL read it: whole microseconds. */
export function goDuration(us: number): string {
  return `${Math.round(us)}us`;
}

/** The search window in epoch ms, start included. */
export function windowOf(query: TraceQuery): { startMs: number; endMs: number } {
  return { startMs: query.end - query.lookbackMs, endMs: query.end };
}

/** Refuses, before anything is sent, a search this backend cannot express. */
export function cannotSearch(sourceId: string, sentence: string): SourceError {
  return new SourceError(sourceId, sentence, 'rejected');
}
