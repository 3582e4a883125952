import { z } from 'zod';

/**
 * Loki's wire shapes (docs/sources/reference/loki-http-api.md and
 * pkg/util/marshal in grafana/loki). Timestamps of log entries are nanosecond epochs as
 * decimal strings; metric samples are `[seconds, "value"]`.
 */
const Labels = z.record(z.string(), z.string());

/** The third element of an entry under the `categorize-labels` encoding flag. */
export const LokiEntryMetaSchema = z
  .object({ structuredMetadata: Labels.optional(), parsed: Labels.optional() })
  .catch({});

/** `[ts, line]`, or `[ts, line, {structuredMetadata, parsed}]` with categorize-labels. */
export const LokiEntrySchema = z.tuple([z.string(), z.string()]).rest(z.unknown());

export const LokiStreamSchema = z.object({
  stream: Labels.catch({}),
  values: z.array(LokiEntrySchema),
});
export type LokiStream = z.infer<typeof LokiStreamSchema>;

export const LokiStreamsDataSchema = z.object({
  resultType: z.literal('streams'),
  result: z.array(LokiStreamSchema),
  encodingFlags: z.array(z.string()).optional(),
});

export const LokiMatrixDataSchema = z.object({
  resultType: z.enum(['matrix', 'vector']),
  result: z.array(
    z.object({
      metric: Labels.catch({}),
      values: z.array(z.tuple([z.number(), z.string()])).optional(),
      value: z.tuple([z.number(), z.string()]).optional(),
    }),
  ),
});

/** The `/loki/api/v1/query_range` envelope; `data` is read by resultType afterwards. */
export const LokiQueryRangeSchema = z.object({
  status: z.string(),
  data: z.object({ resultType: z.string(), result: z.unknown() }).passthrough(),
  warnings: z.array(z.string()).nullish(),
});
export type LokiQueryRangeData = z.infer<typeof LokiQueryRangeSchema>['data'];

/** One `/loki/api/v1/tail` WebSocket text frame; `dropped_entries` is often absent. */
export const LokiTailFrameSchema = z.object({
  streams: z.array(LokiStreamSchema).nullish(),
  dropped_entries: z.array(z.object({ timestamp: z.string(), labels: Labels.nullish() })).nullish(),
  encodingFlags: z.array(z.string()).optional(),
});
export type LokiTailFrame = z.infer<typeof LokiTailFrameSchema>;

/** `/loki/api/v1/labels` and `/loki/api/v1/label/{name}/values`. */
export const LokiLabelsSchema = z.object({ status: z.string(), data: z.array(z.string()).nullish() });

/** `/loki/api/v1/series`: one label set per stream. */
export const LokiSeriesSchema = z.object({ status: z.string(), data: z.array(Labels).nullish() });
