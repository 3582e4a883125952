import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import type { SourceDeps } from '../http/source-http';
import { normalizeZipkin, zipkinColumnsReader, zipkinTraceReader } from '../../shared/trace';
import { DependencyLinkSchema, traceByIdSource } from './trace-fetch';
import { zipkinSearch } from './zipkin-search';
import type { DataSource } from './types';

/**
 * Zipkin v2 API: `GET /api/v2/trace/{id}` returns the trace as a bare JSON array;
 * `GET /api/v2/dependencies?endTs=&lookback=` the links between services, a bare array of
 * `{parent, child, callCount, errorCount}` (errorCount left out when 0); search, services,
 * span names and tag keys as zipkin-search.ts reads them.
 */
export function createZipkinSource(config: SourceConfigOf<'zipkin'>, deps: SourceDeps = {}): DataSource {
  return traceByIdSource(config, deps, {
    routes: [
      {
        name: 'v2',
        path: (id) => `/api/v2/trace/${id}`,
        // Some Zipkin-compatible stores answer an unknown id with 200 and [] rather than 404.
        isEmpty: (json) => Array.isArray(json) && json.length === 0,
        normalize: (json) => [normalizeZipkin(json)],
        // A large trace's usual shape, read from its bytes without a JSON object per record.
        scan: zipkinTraceReader,
        // The same, for opening it in the page: columns with no Span object between.
        scanColumns: zipkinColumnsReader,
      },
    ],
    dependencies: { path: '/api/v2/dependencies', schema: ZipkinDependenciesSchema },
    more: zipkinSearch,
  });
}

export const ZipkinDependenciesSchema = z.array(DependencyLinkSchema);
