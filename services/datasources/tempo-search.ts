import { z } from 'zod';
import type { TraceQuery, TraceSearchResult, TraceSummary } from '../../shared';
import { nanosToMicros } from '../../shared/trace';
import { firstRoute, type TraceApiContext } from './trace-fetch';
import { logfmtTags, traceqlOf } from './traceql';
import { goDuration, resultFromSummaries, windowOf } from './trace-search';
import { SourceError, type TracesCapability } from './types';

const intLike = z.union([z.string(), z.number()]);

/** One result of `/api/search`; `spanSet`/`spanSets` (the matched spans) are not needed for a summary. */
export const TempoSearchTraceSchema = z.object({
  traceID: z.string().regex(/^[0-9a-fA-F]{1,32}$/),
  rootServiceName: z.string().nullish(),
  rootTraceName: z.string().nullish(),
  startTimeUnixNano: intLike.nullish(),
  // Left out when under 1 ms.
  durationMs: z.number().nonnegative().nullish(),
  // Tempo 2.2+: spans and errors per service.
  serviceStats: z
    .record(z.string(), z.object({ spanCount: z.number().int().nonnegative().nullish(), errorCount: z.number().int().nonnegative().nullish() }))
    .nullish()
    .catch(undefined),
});
/** `metrics` mixes numbers and int64-as-strings; nothing in it is needed. */
export const TempoSearchSchema = z.object({ traces: z.array(z.unknown()).nullish(), metrics: z.unknown().optional() });
export const TempoTagValuesV2Schema = z.object({ tagValues: z.array(z.object({ type: z.string().nullish(), value: z.string().nullish() })).nullish() });
export const TempoTagValuesV1Schema = z.object({ tagValues: z.array(z.string()).nullish() });
export const TempoTagsV2Schema = z.object({ scopes: z.array(z.object({ name: z.string(), tags: z.array(z.string()).nullish() })).nullish() });
export const TempoTagsV1Schema = z.object({ tagNames: z.array(z.string()).nullish() });

/** What Tempo writes as the root's service while the root span has not arrived. */
const ROOT_NOT_YET = /^<root span not yet received>$/;

/**
 * Grafana Tempo's search: `GET /api/search?q=<TraceQL>&start&end&limit&spss` (times in epoch
 * seconds). A search made of fields is written as TraceQL (traceql.ts) so it means what it
 * means on Zipkin and Jaeger; a query written in TraceQL is sent as it is. A Tempo that refuses
 * TraceQL is asked by tags instead (`tags=<logfmt>&minDuration&maxDuration`), and the answer
 * says that the durations then bound the whole trace. Services and operations are tag values
 * (`/api/v2/search/tag/{resource.service.name|name}/values`, older: `/api/search/tag/…/values`),
 * tag names `/api/v2/search/tags` (older: `/api/search/tags`).
 */
export function tempoSearch(context: TraceApiContext): Omit<TracesCapability, 'getTrace' | 'dependencies'> {
  const { base, http, config } = context;

  async function search(params: URLSearchParams, query: TraceQuery, warnings: string[], signal?: AbortSignal): Promise<TraceSearchResult> {
    const answer = await http.json(`${base}/api/search?${params.toString()}`, TempoSearchSchema, { signal });
    const summaries: TraceSummary[] = [];
    let unreadable = 0;
    for (const item of answer.traces ?? []) {
      const parsed = TempoSearchTraceSchema.safeParse(item);
      if (parsed.success) summaries.push(summaryOf(parsed.data));
      else unreadable += 1;
    }
    if (unreadable > 0) warnings.push(`${unreadable} result${unreadable === 1 ? '' : 's'} in Tempo's answer had no usable trace id and ${unreadable === 1 ? 'was' : 'were'} left out`);
    return resultFromSummaries(summaries, query, warnings);
  }

  return {
    async searchTraces(query, signal) {
      const window = windowParams(query);
      const traceql = query.query ?? traceqlOf(query);
      try {
        return await search(new URLSearchParams({ q: traceql, ...window, limit: String(query.limit), spss: '3' }), query, [], signal);
      } catch (error) {
        // A query the person wrote is theirs to fix: Tempo's words go back as they are.
        if (query.query || !refusedTraceql(error)) throw error;
        const params = new URLSearchParams({ ...window, limit: String(query.limit) });
        const tags = logfmtTags(query);
        if (tags) params.set('tags', tags);
        if (query.minDurationUs !== undefined) params.set('minDuration', goDuration(query.minDurationUs));
        if (query.maxDurationUs !== undefined) params.set('maxDuration', goDuration(query.maxDurationUs));
        const warning = `This Tempo did not take the search as TraceQL (${(error as Error).message}); it was asked by tags instead, where tag values match as substrings and the durations bound the whole trace`;
        return search(params, query, [warning], signal);
      }
    },

    async serviceNames(signal) {
      const values = await firstRoute(
        context,
        [
          {
            name: '/api/v2/search/tag/{tag}/values',
            url: `${base}/api/v2/search/tag/resource.service.name/values`,
            schema: TempoTagValuesV2Schema.transform((a) => (a.tagValues ?? []).map((v) => v.value).filter((v): v is string => !!v)),
          },
          { name: '/api/search/tag/{tag}/values', url: `${base}/api/search/tag/service.name/values`, schema: TempoTagValuesV1Schema.transform((a) => a.tagValues ?? []) },
        ],
        signal,
      );
      return [...new Set(values)].sort();
    },

    async operations(service, spanKind, signal) {
      const q = traceqlOf({ service, tags: {} }, spanKind);
      // Only the v2 route filters by service: an older Tempo would list every service's names as this one's.
      const values = await http.json(`${base}/api/v2/search/tag/name/values?${new URLSearchParams({ q }).toString()}`, TempoTagValuesV2Schema, {
        signal,
        refused: (status, reason) =>
          status === 404
            ? new SourceError(config.id, `${config.name} (${context.host}) cannot list one service's operations (it has no /api/v2/search/tag/…/values: Tempo 2.0 or later has): ${reason}`, 'not_found')
            : undefined,
      });
      const names = [...new Set((values.tagValues ?? []).map((v) => v.value).filter((v): v is string => !!v))].sort();
      return names.map((name) => (spanKind ? { name, spanKind } : { name }));
    },

    async tagNames(signal) {
      const names = await firstRoute(
        context,
        [
          {
            name: '/api/v2/search/tags',
            url: `${base}/api/v2/search/tags`,
            // Intrinsics (duration, status, name…) are TraceQL's own words, not attributes.
            schema: TempoTagsV2Schema.transform((a) => (a.scopes ?? []).filter((s) => s.name !== 'intrinsic').flatMap((s) => s.tags ?? [])),
          },
          { name: '/api/search/tags', url: `${base}/api/search/tags`, schema: TempoTagsV1Schema.transform((a) => a.tagNames ?? []) },
        ],
        signal,
      );
      return [...new Set(names)].sort();
    },
  };
}

/** Tempo's window: whole epoch seconds covering the asked one. */
function windowParams(query: TraceQuery): { start: string; end: string } {
  const { startMs, endMs } = windowOf(query);
  return { start: String(Math.floor(startMs / 1000)), end: String(Math.ceil(endMs / 1000)) };
}

/** A 400 about the query itself (not the window or the limit) from a Tempo that does not read TraceQL. */
function refusedTraceql(error: unknown): boolean {
  return error instanceof SourceError && error.kind === 'rejected' && /traceql|parse error|syntax error/i.test(error.message);
}

/** One Tempo search result in the shape every backend's results share. */
export function summaryOf(t: z.infer<typeof TempoSearchTraceSchema>): TraceSummary {
  const root = t.rootServiceName && !ROOT_NOT_YET.test(t.rootServiceName) ? t.rootServiceName : undefined;
  const summary: TraceSummary = {
    traceId: t.traceID.toLowerCase(),
    start: nanosToMicros(t.startTimeUnixNano ?? undefined) ?? 0,
    duration: Math.round((t.durationMs ?? 0) * 1000),
    services: [],
  };
  if (root) summary.rootService = root;
  if (t.rootTraceName) summary.rootOperation = t.rootTraceName;
  if (t.rootServiceName && !root) summary.partial = 'Tempo has not received the root span of this trace yet';
  if (t.serviceStats) {
    let spans = 0;
    let errors = 0;
    summary.services = Object.entries(t.serviceStats)
      .map(([name, stats]) => {
        spans += stats.spanCount ?? 0;
        errors += stats.errorCount ?? 0;
        return { name, spanCount: stats.spanCount ?? 0, errorCount: stats.errorCount ?? 0 };
      })
      .sort((a, b) => b.spanCount - a.spanCount || a.name.localeCompare(b.name));
    summary.spanCount = spans;
    summary.errorCount = errors;
  } else if (root) {
    // Before Tempo 2.2 a result names only its root service, and counts nothing.
    summary.services = [{ name: root }];
  }
  return summary;
}

