import type { ServiceCount, TraceQuery, TraceSort, TraceSummary } from '../model/trace-search';
import type { Span, Trace } from '../model/traces';

/**
 * A trace as one search result: root, span and error counts per service, and its extent —
 * from the first start to the last end of a finished span, so an unfinished span never
 * stretches it.
 */
export function summarizeTrace(trace: Trace): TraceSummary {
  const ids = new Set<string>();
  for (const span of trace.spans) ids.add(span.spanId);
  let root: Span | undefined;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let errors = 0;
  let unfinished = 0;
  const services = new Map<string, { spanCount: number; errorCount: number }>();
  for (const span of trace.spans) {
    if (span.start < start) start = span.start;
    const spanEnd = span.unfinished ? span.start : span.start + span.duration;
    if (spanEnd > end) end = spanEnd;
    const isRoot = span.parentId === undefined || !ids.has(span.parentId);
    // The earliest real root; an orphan (its parent not in the trace) only when there is none.
    if (isRoot && (!root || rank(span) < rank(root) || (rank(span) === rank(root) && span.start < root.start))) root = span;
    const error = span.status.code === 'error';
    if (error) errors += 1;
    if (span.unfinished) unfinished += 1;
    const entry = services.get(span.service);
    if (entry) {
      entry.spanCount += 1;
      if (error) entry.errorCount += 1;
    } else {
      services.set(span.service, { spanCount: 1, errorCount: error ? 1 : 0 });
    }
  }
  const summary: TraceSummary = {
    traceId: trace.traceId,
    start: Number.isFinite(start) ? start : 0,
    duration: Number.isFinite(start) ? Math.max(0, end - start) : 0,
    spanCount: trace.spans.length,
    errorCount: errors,
    services: [...services]
      .map(([name, counts]): ServiceCount => ({ name, ...counts }))
      .sort((a, b) => (b.spanCount ?? 0) - (a.spanCount ?? 0) || a.name.localeCompare(b.name)),
  };
  if (root) {
    summary.rootService = root.service;
    summary.rootOperation = root.operation;
  }
  if (unfinished > 0) summary.unfinishedCount = unfinished;
  if (trace.partial !== undefined) summary.partial = trace.partial;
  return summary;
}

/** A real root before an orphan, and a span with a known extent before an unfinished or timeless one. */
function rank(span: Span): number {
  return (span.parentId === undefined ? 0 : 2) + (span.unfinished ? 1 : 0);
}

/** Orders results as Jaeger UI offers; ties newest first, then by id, so the order is stable. */
export function sortSummaries(list: readonly TraceSummary[], sort: TraceSort): TraceSummary[] {
  const spans = (t: TraceSummary) => t.spanCount ?? -1;
  const key: Record<TraceSort, (a: TraceSummary, b: TraceSummary) => number> = {
    recent: (a, b) => b.start - a.start,
    longest: (a, b) => b.duration - a.duration,
    shortest: (a, b) => a.duration - b.duration,
    'most-spans': (a, b) => spans(b) - spans(a),
    'fewest-spans': (a, b) => spans(a) - spans(b),
    'most-errors': (a, b) => (b.errorCount ?? -1) - (a.errorCount ?? -1),
  };
  const compare = key[sort];
  return [...list].sort((a, b) => compare(a, b) || b.start - a.start || a.traceId.localeCompare(b.traceId));
}

/**
 * Whether a whole trace answers a search, as the backends do: it started in the window, and
 * one span of the service (and operation) carries every tag (an empty value: the tag is there)
 * and lasted within the bounds. Used where the backend cannot filter (Jaeger's v3 API takes
 * no tags) and over traces already held (an offline incident file, where no end means any time).
 */
export function traceMatches(
  trace: Trace,
  query: Omit<TraceQuery, 'limit' | 'sort' | 'query' | 'end'> & { end?: number },
): boolean {
  if (trace.spans.length === 0) return false;
  // Without an end, any time will do (the traces of an incident file are all of its window).
  if (query.end !== undefined) {
    let first = Number.POSITIVE_INFINITY;
    for (const span of trace.spans) if (span.start < first) first = span.start;
    const fromUs = (query.end - query.lookbackMs) * 1000;
    if (first < fromUs || first > query.end * 1000) return false;
  }
  const tags = Object.entries(query.tags);
  return trace.spans.some((span) => {
    if (query.service !== undefined && span.service !== query.service) return false;
    if (query.operation !== undefined && span.operation !== query.operation) return false;
    if (query.minDurationUs !== undefined && (span.unfinished || span.duration < query.minDurationUs)) return false;
    if (query.maxDurationUs !== undefined && (span.unfinished || span.duration > query.maxDurationUs)) return false;
    const resource = trace.resources[span.resource];
    return tags.every(([key, value]) => {
      const actual = span.attributes[key] ?? resource?.attributes[key] ?? statusTag(span, key);
      return actual !== undefined && (value === '' || actual === value);
    });
  });
}

/** `error` is also how the backends' searches name a failed span (Zipkin's annotationQuery, Jaeger's tags). */
function statusTag(span: Span, key: string): string | undefined {
  return key === 'error' && span.status.code === 'error' ? 'true' : undefined;
}
