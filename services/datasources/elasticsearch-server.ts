import { z } from 'zod';

/** The root endpoint's answer (`GET /`) as both Elasticsearch and OpenSearch send it. */
export const EsRootSchema = z.object({
  version: z.object({
    number: z.string(),
    /** "opensearch" on OpenSearch; absent on Elasticsearch. */
    distribution: z.string().optional(),
  }),
});

/** What paging can use on this server. */
export interface EsServer {
  product: 'Elasticsearch' | 'OpenSearch';
  version: string;
  /** How to open and close a point in time here, if it has them. */
  pit?: 'elasticsearch' | 'opensearch';
  /** `_shard_doc`, the exact tiebreaker, exists with a point in time (Elasticsearch 7.12+, OpenSearch 3.3+). */
  shardDoc: boolean;
}

/**
 * Points in time came with Elasticsearch 7.10 (`POST /{index}/_pit`) and OpenSearch 2.4
 * (`POST /{index}/_search/point_in_time`); `_shard_doc` with Elasticsearch 7.12 and
 * OpenSearch 3.3. Anything older pages with plain search_after and `_doc` as tiebreaker.
 */
export function esServerOf(root: z.infer<typeof EsRootSchema>): EsServer {
  const opensearch = root.version.distribution?.toLowerCase() === 'opensearch';
  const [major = 0, minor = 0] = root.version.number.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const atLeast = (m: number, n: number) => major > m || (major === m && minor >= n);
  if (opensearch) {
    // With compatibility.override_main_response_version OpenSearch reports 7.10.2, hiding its own
    // version: nothing can be assumed, so it pages without a point in time.
    if (major >= 7) return { product: 'OpenSearch', version: root.version.number, shardDoc: false };
    return { product: 'OpenSearch', version: root.version.number, ...(atLeast(2, 4) ? { pit: 'opensearch' as const } : {}), shardDoc: atLeast(3, 3) };
  }
  return { product: 'Elasticsearch', version: root.version.number, ...(atLeast(7, 10) ? { pit: 'elasticsearch' as const } : {}), shardDoc: atLeast(7, 12) };
}

/** The sort of every page: newest first, then a tiebreaker so search_after never skips or repeats equal timestamps. */
export function esSort(timestampField: string, server: EsServer | undefined, onPit: boolean): unknown[] {
  return [
    // unmapped_type: an index in the pattern without the field sorts last instead of failing the search.
    { [timestampField]: { order: 'desc', unmapped_type: 'date' } },
    onPit && server?.shardDoc ? { _shard_doc: 'desc' } : { _doc: 'desc' },
  ];
}

export const OpenPitSchema = z.union([z.object({ id: z.string() }), z.object({ pit_id: z.string() })]);
