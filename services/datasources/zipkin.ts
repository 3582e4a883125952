import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeZipkin } from '../../shared/trace';
import { traceByIdSource } from './trace-fetch';
import type { DataSource } from './types';

/** Zipkin v2 API: `GET /api/v2/trace/{id}` returns the trace as a bare JSON array. */
export function createZipkinSource(config: SourceConfigOf<'zipkin'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, {
    path: (id) => `/api/v2/trace/${id}`,
    // Some Zipkin-compatible stores answer an unknown id with 200 and [] rather than 404.
    isEmpty: (json) => Array.isArray(json) && json.length === 0,
    normalize: (json) => [normalizeZipkin(json)],
  });
}
