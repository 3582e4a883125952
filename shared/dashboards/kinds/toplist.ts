import { z } from 'zod';
import { UNITS } from './timeseries';

export const TOPLIST_MAX_ROWS = 100;

/** The toplist's units: the panel units, plus `duration` (seconds read as "14 min"). */
export const ToplistUnitSchema = z.enum([...UNITS, 'duration']);
export type ToplistUnit = z.infer<typeof ToplistUnitSchema>;

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/*
 * A toplist's options (kind `toplist`): one row per series of the newest evaluation of a
 * `topk` query, its labels in `columns`, its value formatted with `unit` after `valuePrefix`
 * ("silent 14 min"). Worst first, at most `limit` rows; rows under `minValue` are left out,
 * so an "offline locks" list is empty while every lock reports.
 */
export const ToplistOptionsSchema = z.object({
  columns: z
    .array(z.unknown())
    .catch([])
    .transform((list) => list.filter((c): c is string => typeof c === 'string' && LABEL_NAME.test(c)).slice(0, 8)),
  valueTitle: z.string().max(60).catch('Value'),
  valuePrefix: z.string().max(40).catch(''),
  unit: ToplistUnitSchema.catch('none'),
  limit: z
    .number()
    .catch(10)
    .transform((n) => Math.min(TOPLIST_MAX_ROWS, Math.max(1, Math.round(n)))),
  /** Largest first (default: the longest silent), or smallest first. */
  order: z.enum(['desc', 'asc']).catch('desc'),
  minValue: z.number().optional().catch(undefined),
  warn: z.number().optional().catch(undefined),
  bad: z.number().optional().catch(undefined),
  /** What the empty list says, e.g. "Every lock reported in the last minute." */
  emptyText: z.string().max(200).catch('Nothing to list.'),
});
export type ToplistOptions = z.infer<typeof ToplistOptionsSchema>;

export const toplistKind = { kind: 'toplist', label: 'Top list', optionsSchema: ToplistOptionsSchema, takesMetricTargets: true } as const;
