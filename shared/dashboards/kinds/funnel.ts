import { z } from 'zod';

export const FunnelOptionsSchema = z.object({
  /** The steps in order, as the values of `label` on the series. */
  steps: z
    .array(z.unknown())
    .catch([])
    .transform((steps) => steps.filter((s): s is string => typeof s === 'string')),
  label: z.string().min(1).catch('step'),
  /** Steps that can come longer after the step before than the window lasts: above 100% there is explained, not a mismatch. */
  lagging: z
    .array(z.unknown())
    .catch([])
    .default([])
    .transform((steps) => steps.filter((s): s is string => typeof s === 'string')),
  /** The target (refId) that queries the same series a week earlier (`… offset 1w`): the baseline drawn beside the funnel. */
  baselineRefId: z.string().min(1).max(20).optional().catch(undefined),
});
export type FunnelOptions = z.infer<typeof FunnelOptionsSchema>;

export const funnelKind = { kind: 'funnel', label: 'Funnel', optionsSchema: FunnelOptionsSchema, takesMetricTargets: true } as const;
