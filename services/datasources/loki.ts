import type { z } from 'zod';
import type { LogQueryRequest, LogResult } from '../../shared';
import { decodeLokiQueryRange, LokiFormatError, LokiLabelsSchema, LokiQueryRangeSchema, LokiSeriesSchema } from '../../shared/logs';
import type { SourceConfigOf } from '../config/sources';
import { firstLine } from '../http/request';
import { authHeaders } from '../http/source-auth';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { baseUrl, redact } from './endpoint-url';
import { startLokiTail, type LokiTailOptions } from './loki-tail';
import { msToNanos } from './tail-resume';
import { SourceError, type DataSource, type LogsCapability, type TimeWindow } from './types';

/** Asks Loki to keep structured metadata and parsed labels apart from stream labels (Loki 3; older versions ignore it). */
const ENCODING_FLAGS = { 'x-loki-response-encoding-flags': 'categorize-labels' };

export interface LokiOptions {
  /** Test seams for the tail's reconnect timing. */
  tail?: Pick<LokiTailOptions, 'initialBackoffMs' | 'maxBackoffMs' | 'silenceMs' | 'random'>;
}

/**
 * Loki's HTTP API: `query_range` for a panel (newest lines first; a metric query's
 * counts as series), `labels`, `label/{name}/values` and `series` for completion, and
 * `tail` over a WebSocket to follow a query live. Errors come back as plain text and are
 * shown in Loki's own words.
 */
export function createLokiSource(config: SourceConfigOf<'loki'>, deps: SourceDeps = {}, options: LokiOptions = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);
  const tenant: Record<string, string> = config.tenant ? { 'x-scope-orgid': config.tenant } : {};

  const get = <S extends z.ZodType>(path: string, params: URLSearchParams, schema: S, signal?: AbortSignal) =>
    http.json(`${base}/loki/api/v1/${path}?${params.toString()}`, schema, {
      headers: { ...tenant, ...ENCODING_FLAGS },
      signal,
      refused: (status, _reason, text) => httpError(status, text),
    });

  async function queryLogs(request: LogQueryRequest, signal?: AbortSignal): Promise<LogResult> {
    const params = new URLSearchParams({
      query: request.query,
      start: msToNanos(request.start),
      end: msToNanos(request.end),
      limit: String(request.limit),
      direction: 'backward',
    });
    const answer = await get('query_range', params, LokiQueryRangeSchema, signal);
    if (answer.status !== 'success') {
      throw new SourceError(config.id, `${host} sent an unexpected answer (status: ${JSON.stringify(answer.status)})`);
    }
    const warnings = answer.warnings ?? [];
    try {
      const decoded = decodeLokiQueryRange(answer.data);
      if (decoded.kind === 'lines') return { lines: decoded.lines, fetchedAt: Date.now(), warnings };
      return {
        lines: [],
        series: decoded.series,
        fetchedAt: Date.now(),
        warnings: [...warnings, 'This is a metric query: it returns numbers, not log lines, so they are shown as counts per series. For lines, use a log query such as {job="lock-service"} |= "timeout".'],
      };
    } catch (error) {
      if (!(error instanceof LokiFormatError)) throw error;
      throw new SourceError(config.id, `${config.name} cannot show this query: ${error.message}`, 'rejected');
    }
  }

  const windowParams = (window: TimeWindow) => new URLSearchParams({ start: msToNanos(window.start), end: msToNanos(window.end) });

  async function list(path: string, params: URLSearchParams, signal?: AbortSignal): Promise<string[]> {
    const answer = await get(path, params, LokiLabelsSchema, signal);
    return answer.data ?? [];
  }

  const logs: LogsCapability = {
    queryLogs,
    labels: (window, signal) => list('labels', windowParams(window), signal),
    labelValues: (name, window, signal) => list(`label/${encodeURIComponent(name)}/values`, windowParams(window), signal),
    async series(match, window, signal) {
      const params = windowParams(window);
      for (const selector of match) params.append('match[]', selector);
      return (await get('series', params, LokiSeriesSchema, signal)).data ?? [];
    },
    tail: (request, sink) =>
      startLokiTail(
        {
          base,
          who: config.name,
          headers: async () => ({ ...lowerCase(config.headers ?? {}), ...tenant, ...ENCODING_FLAGS, ...(await authHeaders(config, deps.credentials)) }),
          handshakeTimeoutMs: config.timeoutMs,
          delayForSeconds: config.tailDelaySeconds ?? 0,
          ...options.tail,
        },
        request,
        sink,
      ),
  };

  /** Loki answers errors as plain text, e.g. "parse error at line 1, col 2: syntax error". */
  function httpError(status: number, text: string): SourceError {
    const reason = firstLine(text) || 'no reason given';
    if (status === 400) return new SourceError(config.id, `${config.name} rejected the query: ${reason}`, 'rejected');
    if (status === 401 && /org id/i.test(text)) {
      return new SourceError(
        config.id,
        `${config.name} is multi-tenant and needs a tenant: set "tenant" on this source (sent as X-Scope-OrgID). Loki said: ${reason}`,
        'rejected',
      );
    }
    if (status === 401 || status === 403) return new SourceError(config.id, `${config.name} refused access (${status}): ${reason}`, 'rejected');
    if (status === 404) return new SourceError(config.id, `${host} has no Loki API at ${base}/loki/api/v1 (404): ${reason}`, 'not_found');
    if (status === 429) return new SourceError(config.id, `${config.name} is rate-limiting queries (429): ${reason}`, 'rejected');
    if (status === 504 || /timeout/i.test(reason)) return new SourceError(config.id, `${config.name} timed out running the query: ${reason}`, 'timeout');
    return new SourceError(config.id, `${host} answered ${status}: ${reason}`, 'rejected');
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    logs,
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
