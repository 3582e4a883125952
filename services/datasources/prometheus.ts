import type { SourceConfigOf } from '../config/sources';
import { firstLine, httpText } from '../http/request';
import type { QueryRangeRequest, QueryResult } from '../../shared';
import { decodePrometheusMatrix, PrometheusDecodeError } from './prometheus-decode';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource } from './types';

/**
 * Prometheus HTTP API (`/api/v1/query_range`), which VictoriaMetrics, Thanos and Mimir
 * speak too. The query goes as a form-encoded POST, as Grafana sends it, so long PromQL
 * never hits a URL length limit.
 */
export function createPrometheusSource(config: SourceConfigOf<'prometheus'>): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;

  async function queryRange(request: QueryRangeRequest, signal?: AbortSignal): Promise<QueryResult> {
    const form = new URLSearchParams({
      query: request.expr,
      start: seconds(request.start),
      end: seconds(request.end),
      step: String(request.stepSeconds),
    });
    const response = await httpText(`${base}/api/v1/query_range`, {
      sourceId: config.id,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: config.timeoutMs,
      signal,
    });
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      if (response.status < 200 || response.status >= 300) {
        throw new SourceError(config.id, `${host} answered ${response.status}: ${firstLine(response.text) || 'no reason given'}`, statusKind(response.status));
      }
      throw new SourceError(config.id, `${host} answered with something that is not JSON: ${firstLine(response.text)}`);
    }
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

function statusKind(status: number): SourceError['kind'] {
  return status === 404 ? 'not_found' : 'rejected';
}

