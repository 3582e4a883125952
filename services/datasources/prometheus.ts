import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import type { QueryRangeRequest, QueryResult } from '../../shared';
import { decodePrometheusMatrix, PrometheusDecodeError } from './prometheus-decode';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource } from './types';

/**
 * Prometheus HTTP API (`/api/v1/query_range`), which VictoriaMetrics, Thanos and Mimir
 * speak too. The query goes as a form-encoded POST, as Grafana sends it, so long PromQL
 * never hits a URL length limit.
 */
export function createPrometheusSource(config: SourceConfigOf<'prometheus'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);

  async function queryRange(request: QueryRangeRequest, signal?: AbortSignal): Promise<QueryResult> {
    const form = new URLSearchParams({
      query: request.expr,
      start: seconds(request.start),
      end: seconds(request.end),
      step: String(request.stepSeconds),
    });
    // The envelope and its points are checked by decodePrometheusMatrix: a schema walk over
    // 720k points would cost more than the JSON parse itself.
    const json = await http.json(`${base}/api/v1/query_range`, z.unknown(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal,
      // A POST, but a read: "refused the query", not "the change".
      action: 'the query',
      // 400 bad_data (Prometheus) and 422 (both): the query itself is wrong, in the server's words.
      refused: (status, reason) =>
        status === 400 || status === 422 ? new SourceError(config.id, `${config.name} rejected the query: ${reason}`, 'rejected') : undefined,
    });
    try {
      const decoded = decodePrometheusMatrix(json, request.expr);
      return { series: decoded.series, warnings: decoded.warnings, fetchedAt: Date.now() };
    } catch (error) {
      if (!(error instanceof PrometheusDecodeError)) throw error;
      const isQueryError = typeof json === 'object' && json !== null && (json as { status?: unknown }).status === 'error';
      if (isQueryError) {
        throw new SourceError(config.id, `${config.name} rejected the query: ${error.message}`, 'rejected');
      }
      throw new SourceError(config.id, `${host} sent ${error.message}`);
    }
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    metrics: { queryRange },
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
