import { z } from 'zod';

/** How a value reads: `percent` is a 0–1 ratio, `percent100` already 0–100, durations in their unit, `reqps` requests per second. */
export const UNITS = ['percent', 'percent100', 'seconds', 'milliseconds', 'bytes', 'reqps', 'none'] as const;
export const UnitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof UnitSchema>;

/*
 * A time-series panel's options. A missing or malformed option falls back to its default on
 * its own, so one typo in a dashboard blanks no panel.
 */
export const TimeseriesOptionsSchema = z.object({
  unit: UnitSchema.catch('none'),
  min: z.number().optional().catch(undefined),
  max: z.number().optional().catch(undefined),
  /** A dashed line at `value`; `below` says whether values under it (not over it) are bad. */
  threshold: z.object({ value: z.number(), below: z.boolean().catch(false) }).optional().catch(undefined),
  /** Series drawn on top of one another (shares of a whole, e.g. requests per service) rather than each from zero. */
  stacked: z.boolean().default(false).catch(false),
});
export type TimeseriesOptions = z.infer<typeof TimeseriesOptionsSchema>;

export const timeseriesKind = { kind: 'timeseries', label: 'Time series', optionsSchema: TimeseriesOptionsSchema, takesMetricTargets: true } as const;
