import { z } from 'zod';

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
});
export type LogResult = z.infer<typeof LogResultSchema>;
