import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeOtlp } from '../../shared/trace';
import { traceByIdSource } from './trace-fetch';
import type { DataSource } from './types';

/**
 * Grafana Tempo: `GET /api/traces/{id}` with `Accept: application/json` (without it Tempo
 * may answer protobuf). Tempo 1.x/2.x answer `{batches: [...]}`; OTLP's `{resourceSpans}`
 * and the v2 endpoint's `{trace: {resourceSpans}}` (what a proxy in front may return) are
 * read too, all by normalizeOtlp. An unknown id is a 404 in plain text.
 * Multi-tenant Tempo needs `"headers": {"X-Scope-OrgID": "…"}` on the source.
 * Tempo has no dependency-links API (its service graph is Prometheus series written by the
 * metrics-generator, `traces_service_graph_request_total{client, server}`), so this source
 * offers no `dependencies` and the learned call graph skips it.
 */
export function createTempoSource(config: SourceConfigOf<'tempo'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, {
    path: (id) => `/api/traces/${id}`,
    headers: { accept: 'application/json' },
    isEmpty: holdsNoSpans,
    // Parsed by normalizeOtlp's own schemas (ids in hex or base64, enums as names or numbers).
    normalize: normalizeOtlp,
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
