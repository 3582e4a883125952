import { z } from 'zod';
import type { Fleet } from '../fleet/fleet';
import { json, text, type Reply } from './reply';

const DAY_MS = 86_400_000;
const TRACES_QUERY = z.object({
  serviceName: z.string().max(200).optional(),
  spanName: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(10),
  endTs: z.coerce.number().int().positive().optional(),
  lookback: z.coerce.number().int().positive().optional(),
  minDuration: z.coerce.number().int().nonnegative().optional(),
  maxDuration: z.coerce.number().int().nonnegative().optional(),
  annotationQuery: z.string().max(2000).optional(),
});
const SPANS_QUERY = z.object({ serviceName: z.string().min(1).max(200) });

/** Zipkin's annotationQuery: terms joined by " and ", each `key=value` or a bare key. */
export function annotationTerms(text: string | undefined): { key: string; value?: string }[] {
  if (!text) return [];
  return text
    .split(/\s+and\s+/)
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => {
      const eq = term.indexOf('=');
      return eq < 0 ? { key: term } : { key: term.slice(0, eq), value: term.slice(eq + 1) };
    });
}

/** Zipkin requires endTs; lookback defaults to a day (Zipkin's QUERY_LOOKBACK). Both epoch ms. */
const DEPENDENCIES_QUERY = z.object({
  endTs: z.coerce.number().int().positive(),
  lookback: z.coerce.number().int().positive().default(DAY_MS),
});

/** The subset of Zipkin's v2 read API the consoles use (trace, search, services, span names, dependencies), with Zipkin's shapes. */
export function zipkinApi(fleet: Fleet, path: string, params: URLSearchParams): Reply | undefined {
  const trace = /^\/api\/v2\/trace\/([^/]+)$/.exec(path);
  if (trace) {
    const id = decodeURIComponent(trace[1] ?? '');
    if (!/^[0-9a-fA-F]{16}([0-9a-fA-F]{16})?$/.test(id)) return text(400, `"${id}" is not a 16 or 32 hex digit trace id`);
    const spans = fleet.traces.get(id);
    return spans ? json(200, spans) : text(404, `trace ${id} not found`);
  }
  if (path === '/api/v2/traces') {
    const parsed = TRACES_QUERY.safeParse(Object.fromEntries(params));
    if (!parsed.success) return text(400, `bad query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const q = parsed.data;
    const found = fleet.traces.search({
      ...(q.serviceName ? { serviceName: q.serviceName } : {}),
      ...(q.spanName ? { spanName: q.spanName } : {}),
      endTs: q.endTs ?? fleet.time,
      lookback: q.lookback ?? DAY_MS,
      limit: q.limit,
      ...(q.minDuration !== undefined ? { minDurationUs: q.minDuration } : {}),
      ...(q.maxDuration !== undefined ? { maxDurationUs: q.maxDuration } : {}),
      terms: annotationTerms(q.annotationQuery),
    });
    return json(200, found.map((e) => e.spans));
  }
  if (path === '/api/v2/services') return json(200, fleet.traces.services());
  if (path === '/api/v2/spans') {
    const parsed = SPANS_QUERY.safeParse(Object.fromEntries(params));
    if (!parsed.success) return text(400, 'serviceName is required');
    return json(200, fleet.traces.spanNames(parsed.data.serviceName));
  }
  if (path === '/api/v2/dependencies') {
    const parsed = DEPENDENCIES_QUERY.safeParse(Object.fromEntries(params));
    if (!parsed.success) return text(400, `bad query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    // Zipkin's encoding: errorCount only when there were errors.
    const links = fleet.traces.dependencies(parsed.data.endTs, parsed.data.lookback);
    return json(200, links.map(({ errorCount, ...link }) => (errorCount > 0 ? { ...link, errorCount } : link)));
  }
  return undefined;
}
