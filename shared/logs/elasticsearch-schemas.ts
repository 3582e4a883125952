import { z } from 'zod';

/**
 * Elasticsearch / OpenSearch answers as both document them: `hits.hits[]` with `_source`
 * and `sort`, `hits.total` as `{value, relation}` (a number before 7.0), `pit_id` when the
 * search ran on a point in time, `_msearch` wrapping each answer in `responses[]` with its
 * own `status` or `error`.
 */
export const EsHitSchema = z.object({
  _index: z.string().optional(),
  _id: z.string().optional(),
  _source: z.record(z.string(), z.unknown()).nullish(),
  /** The values the hit sorted by; the last hit's is the next page's `search_after`. */
  sort: z.array(z.unknown()).optional(),
});
export type EsHit = z.infer<typeof EsHitSchema>;

export const EsSearchSchema = z.object({
  hits: z.object({
    hits: z.array(EsHitSchema),
    total: z.union([z.number(), z.object({ value: z.number(), relation: z.string().optional() })]).optional(),
  }),
  pit_id: z.string().optional(),
  timed_out: z.boolean().optional(),
  _shards: z.object({ total: z.number().optional(), failed: z.number().optional() }).passthrough().optional(),
});
export type EsSearch = z.infer<typeof EsSearchSchema>;

const EsCauseSchema: z.ZodType<EsCause> = z.lazy(() =>
  z
    .object({
      type: z.string().optional(),
      reason: z.string().nullish(),
      caused_by: EsCauseSchema.optional(),
    })
    .passthrough(),
);
export interface EsCause {
  type?: string;
  reason?: string | null;
  caused_by?: EsCause;
}

/** `{error: {root_cause[], type, reason, failed_shards[].reason.caused_by}, status}`; very old versions send `error` as a string. */
export const EsErrorSchema = z.object({
  error: z.union([
    z.string(),
    z
      .object({
        type: z.string().optional(),
        reason: z.string().nullish(),
        root_cause: z.array(EsCauseSchema).optional(),
        caused_by: EsCauseSchema.optional(),
        failed_shards: z.array(z.object({ reason: EsCauseSchema.optional() }).passthrough()).optional(),
      })
      .passthrough(),
  ]),
  status: z.number().optional(),
});
export type EsError = z.infer<typeof EsErrorSchema>;

export const EsMsearchSchema = z.object({
  responses: z.array(z.record(z.string(), z.unknown())),
});
