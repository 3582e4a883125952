import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import type { Trace } from '../../shared';
import { normalizeJaeger } from '../../shared/trace';
import { baseUrl, redact } from './endpoint-url';
import { normalizedTrace, traceNotFound, validTraceId } from './trace-fetch';
import type { DataSource } from './types';

/**
 * Jaeger query service: `GET /api/traces/{id}` answers `{data: [trace], errors}` (the
 * envelope the Jaeger UI reads); an unknown id is a 404 with
 * `{"data": null, "errors": [{"code": 404, "msg": "trace not found"}]}`.
 */
export function createJaegerSource(config: SourceConfigOf<'jaeger'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);

  async function getTrace(traceId: string, signal?: AbortSignal): Promise<Trace> {
    const id = validTraceId(config.id, traceId);
    // The envelope and spans are parsed by normalizeJaeger's own schemas.
    const json = await http.json(`${base}/api/traces/${id}`, z.unknown(), {
      signal,
      refused: (status) => (status === 404 ? traceNotFound(config, id) : undefined),
    });
    return normalizedTrace(config, host, id, () => normalizeJaeger(json));
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    traces: { getTrace },
  };
}
