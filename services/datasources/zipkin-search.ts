import { z } from 'zod';
import type { TraceQuery } from '../../shared';
import { normalizeZipkin } from '../../shared/trace';
import type { TraceApiContext } from './trace-fetch';
import { resultFromTraces, windowOf } from './trace-search';
import type { TracesCapability } from './types';

/** `/api/v2/traces`: a list of traces, each the bare span array `/api/v2/trace/{id}` answers. */
export const ZipkinTracesSchema = z.array(z.array(z.unknown()));
/** `/api/v2/services`, `/api/v2/spans`, `/api/v2/autocompleteKeys`: a bare list of names. */
export const ZipkinNamesSchema = z.array(z.string());

/**
 * Zipkin's v2 query API: `GET /api/v2/traces?serviceName&spanName&annotationQuery&minDuration
 * &maxDuration&endTs&lookback&limit` (durations in microseconds, times in epoch ms; tags as
 * its annotationQuery, `key=value and key`, which is also where a query written in Zipkin's own
 * terms goes), `GET /api/v2/services`,
 * `GET /api/v2/spans?serviceName` (span names), `GET /api/v2/autocompleteKeys`.
 */
export function zipkinSearch(context: TraceApiContext): Omit<TracesCapability, 'getTrace' | 'dependencies'> {
  const { http, base, config } = context;
  return {
    async searchTraces(query, signal) {
      const answer = await http.json(`${base}/api/v2/traces?${zipkinParams(query).toString()}`, ZipkinTracesSchema, { signal });
      return resultFromTraces(
        config.name,
        answer.map((spans) => () => normalizeZipkin(spans)),
        query,
      );
    },
    async serviceNames(signal) {
      return [...(await http.json(`${base}/api/v2/services`, ZipkinNamesSchema, { signal }))].sort();
    },
    async operations(service, _spanKind, signal) {
      // Zipkin keeps no kind per span name: the list is the same for every kind.
      const names = await http.json(`${base}/api/v2/spans?${new URLSearchParams({ serviceName: service }).toString()}`, ZipkinNamesSchema, { signal });
      return [...names].sort().map((name) => ({ name }));
    },
    async tagNames(signal) {
      return [...(await http.json(`${base}/api/v2/autocompleteKeys`, ZipkinNamesSchema, { signal }))].sort();
    },
  };
}

/** The query string Zipkin's `/api/v2/traces` takes for a search. */
export function zipkinParams(query: TraceQuery): URLSearchParams {
  const { endMs } = windowOf(query);
  const params = new URLSearchParams();
  if (query.service) params.set('serviceName', query.service);
  if (query.operation) params.set('spanName', query.operation);
  // A query written in Zipkin's own language is its annotationQuery; the tags join it.
  const terms = [...(query.query ? [query.query] : []), ...Object.entries(query.tags).map(([key, value]) => (value === '' ? key : `${key}=${value}`))];
  if (terms.length > 0) params.set('annotationQuery', terms.join(' and '));
  if (query.minDurationUs !== undefined) params.set('minDuration', String(query.minDurationUs));
  if (query.maxDurationUs !== undefined) params.set('maxDuration', String(query.maxDurationUs));
  params.set('endTs', String(endMs));
  params.set('lookback', String(query.lookbackMs));
  params.set('limit', String(query.limit));
  return params;
}
