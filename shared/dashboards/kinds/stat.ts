import { z } from 'zod';

/**
 * A stat panel's options (kind `stat`: one big number per series with a sparkline). Each
 * option falls back on its own, so one typo blanks nothing. `thresholds` work like
 * Grafana's: ascending steps, the value takes the colour of the highest step it reaches;
 * below the first step it is `base`. `ok`/`warn`/`bad` name the theme's state colours, so
 * the high-contrast theme recolours them too.
 */
export const StatColorSchema = z.enum(['ok', 'warn', 'bad', 'info', 'muted']);
export type StatColor = z.infer<typeof StatColorSchema>;

export const StatOptionsSchema = z.object({
  unit: z.enum(['percent', 'seconds', 'none']).catch('none'),
  /** Which value stands for the series: the newest sample (default), or the mean over the range. */
  reduce: z.enum(['last', 'mean', 'max', 'min']).catch('last'),
  base: StatColorSchema.catch('ok'),
  thresholds: z
    .array(z.object({ value: z.number(), color: StatColorSchema }))
    .catch([])
    .transform((steps) => [...steps].sort((a, b) => a.value - b.value)),
});
export type StatOptions = z.infer<typeof StatOptionsSchema>;

export const statKind = { kind: 'stat', label: 'Stat', optionsSchema: StatOptionsSchema, takesMetricTargets: true } as const;
