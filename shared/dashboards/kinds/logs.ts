import { z } from 'zod';

export const LOGS_PANEL_MAX_LIMIT = 5000;

export const LogsOptionsSchema = z.object({
  /** The LogQL selector; empty means the panel has nothing to show. */
  query: z.string().catch(''),
  limit: z
    .number()
    .catch(200)
    .transform((n) => Math.min(LOGS_PANEL_MAX_LIMIT, Math.max(1, Math.round(n)))),
});
export type LogsOptions = z.infer<typeof LogsOptionsSchema>;

/** Reads logs with its own LogQL query (`options.query`), not metric targets. */
export const logsKind = { kind: 'logs', label: 'Logs', optionsSchema: LogsOptionsSchema, takesMetricTargets: false } as const;
