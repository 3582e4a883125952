import { z } from 'zod';

/**
 * One time series in columnar form (Grafana-style frames): panels never see the wire
 * format of the source that produced it. Times are epoch milliseconds; a missing or NaN
 * sample is null so that charts draw a gap instead of a zero.
 */
export const SeriesSchema = z.object({
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  times: z.array(z.number()),
  values: z.array(z.number().nullable()),
});
export type Series = z.infer<typeof SeriesSchema>;

export const QueryResultSchema = z.object({
  series: z.array(SeriesSchema),
  /** Epoch ms at which the source answered; the UI uses it to show staleness. */
  fetchedAt: z.number(),
  warnings: z.array(z.string()).default([]),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;

export const QueryRangeRequestSchema = z.object({
  /** Id of the metrics source; omitted means the session's default metrics source. */
  source: z.string().optional(),
  expr: z.string().min(1).max(4000),
  start: z.number(),
  end: z.number(),
  stepSeconds: z.number().positive().max(86_400),
});
export type QueryRangeRequest = z.infer<typeof QueryRangeRequestSchema>;

/** A query that the services re-run for one client until it is replaced. */
export const LiveQuerySchema = z.object({
  id: z.string().min(1).max(200),
  source: z.string().optional(),
  expr: z.string().min(1).max(4000),
  rangeSeconds: z.number().positive().max(31 * 86_400),
  stepSeconds: z.number().positive().max(86_400),
  refreshSeconds: z.number().min(1).max(3600),
});
export type LiveQuery = z.infer<typeof LiveQuerySchema>;
