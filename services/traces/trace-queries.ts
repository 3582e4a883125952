import { LockstepApiError, type ParsedTraceSearch, type SpanKind, type TraceOperation, type TraceSearchResult } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import type { DataSource, TracesCapability } from '../datasources/types';

type Lookup = 'searchTraces' | 'serviceNames' | 'operations' | 'tagNames';

const WHAT: Record<Lookup, string> = {
  searchTraces: 'search traces',
  serviceNames: 'list its services',
  operations: 'list operations',
  tagNames: 'list the tags it can search by',
};

/**
 * The trace source that answers a lookup: the one named, or else the first trace source that
 * can. A source that cannot is named in the refusal, so the person knows which one to change.
 */
function sourceFor<L extends Lookup>(sources: SourceSet, lookup: L, sourceId?: string): { source: DataSource; call: NonNullable<TracesCapability[L]> } {
  const candidates = sourceId ? [sources.pick('traces', sourceId)] : sources.all('traces');
  for (const { source, capability } of candidates) {
    const call = capability[lookup];
    if (call) return { source, call: call.bind(capability) as NonNullable<TracesCapability[L]> };
  }
  if (sourceId) throw new LockstepApiError('unavailable', `The trace source "${candidates[0]!.source.name}" cannot ${WHAT[lookup]}.`);
  if (candidates.length === 0) throw new LockstepApiError('unavailable', 'No configured data source provides traces.');
  throw new LockstepApiError('unavailable', `None of the trace sources (${candidates.map((c) => c.source.name).join(', ')}) can ${WHAT[lookup]}.`);
}

/** A search on one trace source, over the window that ends now unless the request says when. */
export async function searchTraces(sources: SourceSet, request: ParsedTraceSearch, now: number): Promise<TraceSearchResult> {
  const { source: sourceId, end, ...rest } = request;
  const { call } = sourceFor(sources, 'searchTraces', sourceId);
  return call({ ...rest, end: end ?? now });
}

export async function traceServices(sources: SourceSet, sourceId?: string): Promise<{ services: string[] }> {
  const { call } = sourceFor(sources, 'serviceNames', sourceId);
  return { services: await call() };
}

export async function traceOperations(sources: SourceSet, request: { source?: string; service: string; spanKind?: SpanKind }): Promise<{ operations: TraceOperation[] }> {
  const { call } = sourceFor(sources, 'operations', request.source);
  return { operations: await call(request.service, request.spanKind) };
}

/** Tag names where the source can list them; none (not an error) where it cannot, so a search form still works. */
export async function traceTagNames(sources: SourceSet, sourceId?: string): Promise<{ tagNames: string[] }> {
  try {
    const { call } = sourceFor(sources, 'tagNames', sourceId);
    return { tagNames: await call() };
  } catch (error) {
    if (error instanceof LockstepApiError && error.code === 'unavailable' && sources.has('traces')) return { tagNames: [] };
    throw error;
  }
}
