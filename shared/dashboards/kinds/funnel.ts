import { z } from 'zod';

export const FunnelOptionsSchema = z.object({
  /** The steps in order, as the values of `label` on the series. */
  steps: z
    .array(z.unknown())
    .catch([])
    .transform((steps) => steps.filter((s): s is string => typeof s === 'string')),
  label: z.string().min(1).catch('step'),
});
export type FunnelOptions = z.infer<typeof FunnelOptionsSchema>;

export const funnelKind = { kind: 'funnel', label: 'Funnel', optionsSchema: FunnelOptionsSchema, takesMetricTargets: true } as const;
