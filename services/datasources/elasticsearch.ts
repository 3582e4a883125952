import { z } from 'zod';
import type { LogLine, LogQueryRequest, LogResult } from '../../shared';
import { decodeEsSearch, esErrorReason, esErrorType, parseEsError, type EsLogFields } from '../../shared/logs';
import type { SourceConfigOf } from '../config/sources';
import { firstLine } from '../http/request';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { describeError } from '../util/errors';
import { EsRootSchema, esServerOf, esSort, OpenPitSchema, type EsServer } from './elasticsearch-server';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource } from './types';

/** How long a point in time outlives the page that last used it; closed as soon as paging ends. */
const PIT_KEEP_ALIVE = '1m';
const JSON_BODY = { 'content-type': 'application/json' };

/**
 * Elasticsearch and OpenSearch logs: `_search` over the configured index pattern in the
 * panel's time range with its query as a `query_string`, newest first, paged with
 * search_after (on a point in time where the server has them) until the panel's limit.
 * Which field holds what is the config's `fields`; errors are the server's own, in one
 * sentence.
 */
export function createElasticsearchSource(config: SourceConfigOf<'elasticsearch'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);
  const fields: EsLogFields = config.fields;
  const indexPath = encodeURIComponent(config.index).replaceAll('%2A', '*').replaceAll('%2C', ',');
  let server: Promise<EsServer> | undefined;

  const refused = (status: number, _reason: string, text: string) => esError(status, text);

  /** `GET /` once: which product and version decide how to page. A failed look is asked again next time. */
  function serverInfo(signal?: AbortSignal): Promise<EsServer> {
    server ??= http.json(`${base}/`, EsRootSchema, { signal, refused }).then(esServerOf);
    server.catch(() => {
      server = undefined;
    });
    return server;
  }

  async function queryLogs(request: LogQueryRequest, signal?: AbortSignal): Promise<LogResult> {
    const warnings: string[] = [];
    let info: EsServer | undefined;
    if (config.pointInTime) {
      try {
        info = await serverInfo(signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        warnings.push(`${config.name} did not say which version it runs (${describeError(error)}), so results were paged without a point in time.`);
      }
    }
    let pit = info?.pit ? await openPit(info.pit, warnings, signal) : undefined;
    try {
      const lines: LogLine[] = [];
      const seen = new Set<string>();
      let unreadable = 0;
      let failedShards = 0;
      let searchAfter: unknown[] | undefined;
      // Bounded: each page brings at least one new line or paging stops.
      for (let page = 0; lines.length < request.limit && page < 10_000; page++) {
        const size = Math.min(config.pageSize, request.limit - lines.length);
        const body = {
          size,
          track_total_hits: false,
          query: {
            bool: {
              filter: [
                { range: { [fields.timestamp]: { gte: Math.floor(request.start), lte: Math.ceil(request.end), format: 'epoch_millis' } } },
                { query_string: { query: request.query, analyze_wildcard: true } },
              ],
            },
          },
          sort: esSort(fields.timestamp, info, pit !== undefined),
          ...(searchAfter ? { search_after: searchAfter } : {}),
          ...(pit ? { pit: { id: pit.id, keep_alive: PIT_KEEP_ALIVE } } : {}),
        };
        // With a point in time the index comes from it: naming one again is an error.
        const url = pit ? `${base}/_search` : `${base}/${indexPath}/_search`;
        const json = await http.json(url, z.unknown(), { method: 'POST', headers: JSON_BODY, body: JSON.stringify(body), signal, refused });
        let answer;
        try {
          answer = decodeEsSearch(json, fields);
        } catch (error) {
          throw new SourceError(config.id, `${host} sent an unexpected search answer (${error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid') : describeError(error)})`);
        }
        if (pit && answer.pitId) pit = { ...pit, id: answer.pitId };
        unreadable += answer.unreadable;
        failedShards = Math.max(failedShards, answer.failedShards);
        let fresh = 0;
        for (const line of answer.lines) {
          // A document seen on an earlier page (without a point in time, equal sort values can straddle pages).
          if (line.id && seen.has(line.id)) continue;
          if (line.id) seen.add(line.id);
          lines.push(line);
          fresh++;
        }
        if (answer.hitCount < size || !answer.lastSort || fresh === 0) break;
        searchAfter = answer.lastSort;
      }
      if (unreadable > 0) {
        warnings.push(`${unreadable} ${unreadable === 1 ? 'document' : 'documents'} in "${config.index}" had no readable "${fields.timestamp}" and ${unreadable === 1 ? 'is' : 'are'} not shown; check fields.timestamp on this source.`);
      }
      if (failedShards > 0) warnings.push(`${failedShards} ${failedShards === 1 ? 'shard' : 'shards'} of "${config.index}" failed to answer; some lines may be missing.`);
      return { lines: lines.slice(0, request.limit), fetchedAt: Date.now(), warnings };
    } finally {
      if (pit) await closePit(pit);
    }
  }

  async function openPit(kind: 'elasticsearch' | 'opensearch', warnings: string[], signal?: AbortSignal): Promise<{ kind: typeof kind; id: string } | undefined> {
    const path = kind === 'elasticsearch' ? `_pit?keep_alive=${PIT_KEEP_ALIVE}` : `_search/point_in_time?keep_alive=${PIT_KEEP_ALIVE}`;
    try {
      const opened = await http.json(`${base}/${indexPath}/${path}`, OpenPitSchema, { method: 'POST', signal, refused });
      return { kind, id: 'id' in opened ? opened.id : opened.pit_id };
    } catch (error) {
      // A missing index is the answer itself; anything else (no privilege for PITs, a proxy that
      // blocks the endpoint) only costs consistency, so page without one and say so.
      if (signal?.aborted || (error instanceof SourceError && error.kind === 'not_found')) throw error;
      warnings.push(`${config.name} could not open a point in time (${describeError(error)}), so results were paged without one: lines written meanwhile may shift between pages.`);
      return undefined;
    }
  }

  /** Best effort: an unclosed point in time lapses after its keep-alive anyway. */
  async function closePit(pit: { kind: 'elasticsearch' | 'opensearch'; id: string }): Promise<void> {
    const [url, body] =
      pit.kind === 'elasticsearch' ? [`${base}/_pit`, { id: pit.id }] : [`${base}/_search/point_in_time`, { pit_id: [pit.id] }];
    await http.json(url, z.unknown(), { method: 'DELETE', headers: JSON_BODY, body: JSON.stringify(body), refused }).catch(() => undefined);
  }

  /** Elasticsearch errors are JSON: `{error: {root_cause, type, reason}, status}`; told in its words. */
  function esError(status: number, text: string): SourceError {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = parseEsError(json);
    const reason = parsed ? esErrorReason(parsed) : firstLine(text) || `HTTP ${status}`;
    const type = parsed ? esErrorType(parsed) : undefined;
    if (status === 404 && type === 'index_not_found_exception') {
      return new SourceError(config.id, `${config.name} has no index matching "${config.index}" (${reason}); check "index" on this source`, 'not_found');
    }
    if (status === 400) return new SourceError(config.id, `${config.name} rejected the search of "${config.index}": ${reason}`, 'rejected');
    if (status === 401 || status === 403) return new SourceError(config.id, `${config.name} refused access (${status}): ${reason}; check "auth" on this source`, 'rejected');
    if (status === 404) return new SourceError(config.id, `${host} has no Elasticsearch API at ${base} (404): ${reason}`, 'not_found');
    if (status === 429) return new SourceError(config.id, `${config.name} is overloaded and turned the search away (429): ${reason}`, 'rejected');
    if (status === 504 || type === 'timeout_exception') return new SourceError(config.id, `${config.name} timed out running the search: ${reason}`, 'timeout');
    return new SourceError(config.id, `${host} answered ${status}: ${reason}`, 'rejected');
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    logs: { queryLogs },
  };
}
