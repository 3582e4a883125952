import { z } from 'zod';
import { SpanKindSchema, type SpanKind, type TraceOperation, type TraceQuery } from '../../shared';
import { normalizeJaeger, normalizeOtlp } from '../../shared/trace';
import { firstRoute, type JsonRoute, type TraceApiContext } from './trace-fetch';
import { cannotSearch, goDuration, resultFromTraces, windowOf } from './trace-search';
import { SourceError, type TracesCapability } from './types';

const ErrorsSchema = z.array(z.object({ code: z.number().nullish(), msg: z.string().nullish() }).catch({})).nullish().catch(undefined);

/** The legacy query API's envelope: `{data, total, limit, offset, errors}` (`total` is 0 even with data). */
function envelope<T>(data: z.ZodType<T>): z.ZodType<{ data: T | null; errors: string[] }> {
  return z.object({ data: data.nullable(), errors: ErrorsSchema }).transform((answer, ctx) => {
    const errors = (answer.errors ?? []).map((e) => e.msg).filter((m): m is string => !!m);
    if (answer.data === null && errors.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['errors'], message: errors.join('; ') });
      return z.NEVER;
    }
    return { data: answer.data, errors };
  });
}

export const JaegerServicesSchema = envelope(z.array(z.string()));
export const JaegerV3ServicesSchema = z.object({ services: z.array(z.string()).nullish() });
const OperationSchema = z.object({ name: z.string(), spanKind: z.string().nullish() });
export const JaegerOperationsSchema = envelope(z.array(OperationSchema));
export const JaegerLegacyOperationsSchema = envelope(z.array(z.string()));
export const JaegerV3OperationsSchema = z.object({ operations: z.array(OperationSchema).nullish() });
export const JaegerTracesSchema = envelope(z.array(z.unknown()));
/** `/api/v3/traces`: every trace found, merged into one OTLP payload. */
export const JaegerV3TracesSchema = z.object({ result: z.unknown() });

/** Thrown by the v3 search's refusal when it only means "nothing matched". */
class NoTraces extends SourceError {}

/**
 * Jaeger's query service. The legacy API every Jaeger serves: `GET /api/traces?service&
 * operation&tags={json}&minDuration&maxDuration&start&end&lookback&limit` (times in µs, durations as Go
 * durations), `GET /api/services`, `GET /api/operations?service&spanKind` (older ones only
 * `GET /api/services/{service}/operations`). Where only the v3 API is served: `/api/v3/traces`
 * (RFC 3339 times, no tag filter: tags are applied here), `/api/v3/services`,
 * `/api/v3/operations?service&span_kind`.
 */
export function jaegerSearch(context: TraceApiContext): Omit<TracesCapability, 'getTrace' | 'dependencies'> {
  const { base, config } = context;
  return {
    async searchTraces(query, signal) {
      checkSearchable(config.id, query);
      const routes: JsonRoute<{ json: unknown; v3: boolean; errors: string[] }>[] = [
        {
          name: '/api/traces',
          url: `${base}/api/traces?${legacyParams(query).toString()}`,
          schema: JaegerTracesSchema.transform((a) => ({ json: a.data ?? [], v3: false, errors: a.errors })),
        },
        {
          name: '/api/v3/traces',
          url: `${base}/api/v3/traces?${v3Params(query).toString()}`,
          schema: JaegerV3TracesSchema.transform((a) => ({ json: a, v3: true, errors: [] })),
          refused: (status, reason) => (status === 404 && /no traces found/i.test(reason) ? new NoTraces(config.id, reason, 'not_found') : undefined),
        },
      ];
      let answer: { json: unknown; v3: boolean; errors: string[] };
      try {
        answer = await firstRoute(context, routes, signal);
      } catch (error) {
        if (error instanceof NoTraces) return { traces: [], warnings: [], limitReached: false };
        throw error;
      }
      const warnings = answer.errors.map((e) => `Jaeger reported: ${e}`);
      if (answer.v3) {
        const tags = Object.keys(query.tags).length > 0;
        if (tags) warnings.push("Jaeger's v3 API cannot filter by tags: they were applied to the traces it returned, so fewer than the limit may show");
        return resultFromTraces(config.name, [() => normalizeOtlp(answer.json)], query, { filterHere: tags, warnings });
      }
      const items = Array.isArray(answer.json) ? answer.json : [];
      return resultFromTraces(config.name, items.map((item) => () => normalizeJaeger(item)), query, { warnings });
    },

    async serviceNames(signal) {
      const names = await firstRoute(
        context,
        [
          { name: '/api/services', url: `${base}/api/services`, schema: JaegerServicesSchema.transform((a) => a.data ?? []) },
          { name: '/api/v3/services', url: `${base}/api/v3/services`, schema: JaegerV3ServicesSchema.transform((a) => a.services ?? []) },
        ],
        signal,
      );
      return [...names].sort();
    },

    async operations(service, spanKind, signal) {
      const kind: Record<string, string> = spanKind ? { spanKind } : {};
      const path = encodeURIComponent(service);
      const operations = await firstRoute<TraceOperation[]>(
        context,
        [
          {
            name: '/api/operations',
            url: `${base}/api/operations?${new URLSearchParams({ service, ...kind }).toString()}`,
            schema: JaegerOperationsSchema.transform((a) => (a.data ?? []).map(operationOf)),
          },
          {
            // Jaeger before 1.16 lists names only, with no kind to filter by.
            name: '/api/services/{service}/operations',
            url: `${base}/api/services/${path}/operations`,
            schema: JaegerLegacyOperationsSchema.transform((a) => (a.data ?? []).map((name) => ({ name }))),
          },
          {
            name: '/api/v3/operations',
            url: `${base}/api/v3/operations?${new URLSearchParams({ service, ...(spanKind ? { span_kind: spanKind } : {}) }).toString()}`,
            schema: JaegerV3OperationsSchema.transform((a) => (a.operations ?? []).map(operationOf)),
          },
        ],
        signal,
      );
      return operations.sort((a, b) => a.name.localeCompare(b.name) || (a.spanKind ?? '').localeCompare(b.spanKind ?? ''));
    },
  };
}

function operationOf(op: { name: string; spanKind?: string | null }): TraceOperation {
  const kind = SpanKindSchema.safeParse(op.spanKind?.toLowerCase());
  return kind.success ? { name: op.name, spanKind: kind.data as SpanKind } : { name: op.name };
}

/** What Jaeger's API cannot be asked, refused before anything is sent. */
function checkSearchable(sourceId: string, query: TraceQuery): void {
  if (query.query) throw cannotSearch(sourceId, 'Jaeger has no query language of its own: search with the service, operation, tags and durations instead');
  if (!query.service) throw cannotSearch(sourceId, 'Jaeger searches one service at a time: choose a service first');
  const bare = Object.entries(query.tags).find(([, value]) => value === '');
  if (bare) throw cannotSearch(sourceId, `Jaeger can only search for a tag with a value, and "${bare[0]}" has none`);
}

/** The legacy `/api/traces` query: times in epoch µs, durations and lookback as Go durations, tags as a JSON map. */
export function legacyParams(query: TraceQuery): URLSearchParams {
  const { startMs, endMs } = windowOf(query);
  const params = new URLSearchParams({ service: query.service ?? '' });
  if (query.operation) params.set('operation', query.operation);
  if (Object.keys(query.tags).length > 0) params.set('tags', JSON.stringify(query.tags));
  if (query.minDurationUs !== undefined) params.set('minDuration', goDuration(query.minDurationUs));
  if (query.maxDurationUs !== undefined) params.set('maxDuration', goDuration(query.maxDurationUs));
  params.set('start', String(startMs * 1000));
  params.set('end', String(endMs * 1000));
  // The query service reads start and end; lookback is sent as Jaeger UI sends it, for its access logs.
  params.set('lookback', `${Math.round(query.lookbackMs / 1000)}s`);
  params.set('limit', String(query.limit));
  return params;
}

/** The v3 `/api/v3/traces` query: RFC 3339 times, Go durations, the limit as its search depth. */
export function v3Params(query: TraceQuery): URLSearchParams {
  const { startMs, endMs } = windowOf(query);
  const params = new URLSearchParams({ 'query.service_name': query.service ?? '' });
  if (query.operation) params.set('query.operation_name', query.operation);
  params.set('query.start_time_min', new Date(startMs).toISOString());
  params.set('query.start_time_max', new Date(endMs).toISOString());
  if (query.minDurationUs !== undefined) params.set('query.duration_min', goDuration(query.minDurationUs));
  if (query.maxDurationUs !== undefined) params.set('query.duration_max', goDuration(query.maxDurationUs));
  params.set('query.search_depth', String(query.limit));
  return params;
}
