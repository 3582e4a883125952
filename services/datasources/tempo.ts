import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeOtlp } from '../../shared/trace';
import { tempoSearch } from './tempo-search';
import { traceByIdSource } from './trace-fetch';
import type { DataSource } from './types';

/**
 * Grafana Tempo, always with `Accept: application/json` (without it Tempo may answer
 * protobuf). `GET /api/v2/traces/{id}` answers `{trace: {resourceSpans}, status, message}`,
 * where `status: "PARTIAL"` says spans are missing (flagged on the trace); a Tempo older than
 * that route answers Go's "404 page not found" and `GET /api/traces/{id}` is asked instead,
 * whose `{batches: [...]}` (or a proxy's OTLP `{resourceSpans}`) is read the same way, all
 * by normalizeOtlp. An unknown id is a 404 in plain text. Search, services, operations and
 * tag names: tempo-search.ts.
 * Multi-tenant Tempo needs `"headers": {"X-Scope-OrgID": "…"}` on the source.
 * Tempo has no dependency-links API (its service graph is Prometheus series written by the
 * metrics-generator, `traces_service_graph_request_total{client, server}`), so this source
 * offers no `dependencies` and the learned call graph skips it.
 */
export function createTempoSource(config: SourceConfigOf<'tempo'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, {
    routes: [
      { name: 'v2', path: (id) => `/api/v2/traces/${id}`, isEmpty: holdsNoSpans, normalize: normalizeOtlp },
      { name: 'v1', path: (id) => `/api/traces/${id}`, isEmpty: holdsNoSpans, normalize: normalizeOtlp },
    ],
    headers: { accept: 'application/json' },
    more: tempoSearch,
  });
}

const EmptySchema = z.union([
  z.strictObject({}),
  z.object({ batches: z.array(z.unknown()).length(0) }),
  z.object({ resourceSpans: z.array(z.unknown()).length(0) }),
  z.object({ trace: z.union([z.strictObject({}), z.object({ resourceSpans: z.array(z.unknown()).length(0) })]) }),
]);

/** Some Tempo versions and proxies answer an unknown id with 200 and an empty trace rather than 404. */
function holdsNoSpans(json: unknown): boolean {
  return EmptySchema.safeParse(json).success;
}
