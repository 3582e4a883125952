import { z } from 'zod';
import { UnitSchema } from './timeseries';

/**
 * One column of a heat grid: the panel target it reads (`refId`), how it is titled and
 * formatted, and where its values turn warn and bad. `badWhen: 'below'` is for ratios that
 * should stay high (online, success); `'above'` for latencies and shares of trouble.
 */
export const HeatColumnSchema = z.object({
  refId: z.string().min(1).max(20),
  /** The column's stable name in the page (`data-col`), e.g. "unlock-success"; the refId when absent. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(60)
    .optional()
    .catch(undefined),
  title: z.string().max(100).optional().catch(undefined),
  unit: UnitSchema.catch('none'),
  badWhen: z.enum(['below', 'above']).catch('above'),
  warn: z.number().optional().catch(undefined),
  bad: z.number().optional().catch(undefined),
});
export type HeatColumn = z.infer<typeof HeatColumnSchema>;

export const HEATGRID_MAX_ROWS = 60;

/*
 * A heat grid's options (kind `heatgrid`): rows are the values of `rowLabel` (a city), columns
 * the panel's targets. Each option falls back on its own, and a malformed column is dropped
 * alone (its target then shows as a plain column titled by its refId).
 */
export const HeatgridOptionsSchema = z.object({
  rowLabel: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .catch('city'),
  columns: z
    .array(z.unknown())
    .catch([])
    .transform((list) => list.flatMap((c) => {
      const parsed = HeatColumnSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    })),
  /** Worst row first (default), else rows in label order. */
  sortWorstFirst: z.boolean().catch(true),
  /** The dashboard variable Enter on a row sets; the row label's name when absent. */
  variable: z.string().max(100).optional().catch(undefined),
  /** A series whose newest sample is older than this (seconds before the answer) shows "no data". */
  staleSeconds: z.number().positive().catch(120),
  maxRows: z
    .number()
    .catch(HEATGRID_MAX_ROWS)
    .transform((n) => Math.min(HEATGRID_MAX_ROWS, Math.max(1, Math.round(n)))),
});
export type HeatgridOptions = z.infer<typeof HeatgridOptionsSchema>;

export const heatgridKind = { kind: 'heatgrid', label: 'Heat grid', optionsSchema: HeatgridOptionsSchema, takesMetricTargets: true } as const;
