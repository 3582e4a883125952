import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import type { Trace } from '../../shared';
import { normalizeZipkin } from '../../shared/trace';
import { baseUrl, redact } from './endpoint-url';
import { normalizedTrace, traceNotFound, validTraceId } from './trace-fetch';
import type { DataSource } from './types';

/** Zipkin v2 API: `GET /api/v2/trace/{id}` returns the trace as a bare JSON array. */
export function createZipkinSource(config: SourceConfigOf<'zipkin'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);

  async function getTrace(traceId: string, signal?: AbortSignal): Promise<Trace> {
    const id = validTraceId(config.id, traceId);
    const json = await http.json(`${base}/api/v2/trace/${id}`, z.unknown(), {
      signal,
      refused: (status) => (status === 404 ? traceNotFound(config, id) : undefined),
    });
    // Some Zipkin-compatible stores answer an unknown id with 200 and [] rather than 404.
    if (Array.isArray(json) && json.length === 0) throw traceNotFound(config, id);
    return normalizedTrace(config, host, id, () => [normalizeZipkin(json)]);
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    traces: { getTrace },
  };
}
