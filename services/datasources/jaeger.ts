import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeJaeger } from '../../shared/trace';
import { traceByIdSource } from './trace-fetch';
import type { DataSource } from './types';

/**
 * Jaeger query service: `GET /api/traces/{id}` answers `{data: [trace], errors}` (the
 * envelope the Jaeger UI reads); an unknown id is a 404 with
 * `{"data": null, "errors": [{"code": 404, "msg": "trace not found"}]}`. The envelope and
 * spans are parsed by normalizeJaeger's own schemas.
 */
export function createJaegerSource(config: SourceConfigOf<'jaeger'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, { path: (id) => `/api/traces/${id}`, normalize: normalizeJaeger });
}
