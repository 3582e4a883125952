import { z } from 'zod';
import { SeriesSchema } from './series';

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'unknown']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

export const LogLineSchema = z.object({
  /** Epoch ms (sources with ns precision keep it in `nanos`). */
  time: z.number(),
  nanos: z.string().optional(),
  level: LogLevelSchema,
  message: z.string(),
  labels: z.record(z.string(), z.string()),
  traceId: z.string().optional(),
  /** The service that wrote it, as its source names it (a stream label, `service.name`, …). */
  service: z.string().optional(),
  spanId: z.string().optional(),
  /**
   * Per-line structured data that is not an index label: Loki's structured metadata and
   * parsed labels, the fields of a JSON line, an Elasticsearch document's other fields.
   */
  fields: z.record(z.string(), z.string()).optional(),
  /** The backend's own id for the line where it has one (Elasticsearch `_id`). */
  id: z.string().optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogQueryRequestSchema = z.object({
  source: z.string().optional(),
  /** Source-native query (LogQL for Loki and the demo fleet). */
  query: z.string().min(1).max(4000),
  start: z.number(),
  end: z.number(),
  limit: z.number().int().positive().max(5000).default(200),
});
export type LogQueryRequest = z.infer<typeof LogQueryRequestSchema>;

export const LogResultSchema = z.object({
  lines: z.array(LogLineSchema),
  fetchedAt: z.number(),
  warnings: z.array(z.string()).default([]),
  /**
   * A metric query's answer (LogQL `count_over_time`, `rate`, …): numbers per series, not
   * lines. The logs panel shows them as counts and says so.
   */
  series: z.array(SeriesSchema).optional(),
});
export type LogResult = z.infer<typeof LogResultSchema>;

/** Follow a log query live (Loki's tail); lines arrive as `logTail` events until stopped. */
export const LogTailRequestSchema = z.object({
  /** The console's own name for this tail (its panel id); starting it again replaces it. */
  tailId: z.string().min(1).max(200),
  source: z.string().optional(),
  query: z.string().min(1).max(4000),
  /** Epoch ms to start from (the newest line the panel shows), so nothing between the last refresh and now is missed; default now. */
  start: z.number().optional(),
  /** How many lines the backend may send at once when it (re)connects. */
  limit: z.number().int().positive().max(5000).default(100),
});
export type LogTailRequest = z.infer<typeof LogTailRequestSchema>;

export const LogTailStateSchema = z.enum(['connecting', 'live', 'reconnecting', 'failed', 'stopped']);
export type LogTailState = z.infer<typeof LogTailStateSchema>;

export const LogTailEventSchema = z.object({
  tailId: z.string(),
  /** New lines, oldest first; empty when only the state changed. */
  lines: z.array(LogLineSchema),
  state: LogTailStateSchema,
  /** Why it is reconnecting or failed, or a notice while live; in words for the person. */
  message: z.string().optional(),
  /** Lines the backend itself dropped since the last event (Loki's `dropped_entries`). */
  dropped: z.number().int().nonnegative().optional(),
  /** Lines Lockstep left out since the last event so a flood cannot freeze the page. */
  skipped: z.number().int().nonnegative().optional(),
  at: z.number(),
});
export type LogTailEvent = z.infer<typeof LogTailEventSchema>;
