import { z } from 'zod';

export const ColorSchema = z.enum(['blue', 'green']);
export type Color = z.infer<typeof ColorSchema>;

/** Share of traffic per colour, in whole percent adding up to 100. */
export const TrafficWeightsSchema = z
  .object({ blue: z.number().int().min(0).max(100), green: z.number().int().min(0).max(100) })
  .refine((w) => w.blue + w.green === 100, 'the shares of blue and green must add up to 100');
export type TrafficWeights = z.infer<typeof TrafficWeightsSchema>;

/** One traffic switch as the deployer recorded it: what was live before and after, and when. */
export const SwitchRecordSchema = z.object({
  at: z.number(),
  from: ColorSchema,
  to: ColorSchema,
  /** The version that went live. */
  version: z.string().optional(),
  /** The version that was live before (tells a release from a switch back). */
  fromVersion: z.string().optional(),
  /** Who asked for it, as the deployer was told (a console's actor, the release pipeline). */
  by: z.string().optional(),
});
export type SwitchRecord = z.infer<typeof SwitchRecordSchema>;

/** A blue/green deployment of one service: two colours, one of them live. */
export const DeploymentSchema = z.object({
  service: z.string(),
  active: ColorSchema,
  colors: z.object({
    blue: z.object({ version: z.string() }).optional(),
    green: z.object({ version: z.string() }).optional(),
  }),
  switchedAt: z.number().optional(),
  /** Goes up by one at every switch, where the deployer counts them: names the state a switch starts from. */
  revision: z.number().int().nonnegative().optional(),
  /**
   * Recent switches, oldest first, where the deployer keeps them. It is what says which
   * colour was live when an incident opened (the known-bad one); without it only the last
   * switch (`switchedAt`) is known.
   */
  history: z.array(SwitchRecordSchema).max(100).optional(),
  /** Share of traffic per colour in percent, where the provider splits traffic (present = it can). */
  weights: TrafficWeightsSchema.optional(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}

/**
 * The switches of a deployment, oldest first: its recorded history, or (for a deployer that
 * keeps none) the one switch its `switchedAt` implies — blue/green toggles, so the colour
 * before it was the other one.
 */
export function switchesOf(deployment: Deployment): SwitchRecord[] {
  if (deployment.history && deployment.history.length > 0) return [...deployment.history].sort((a, b) => a.at - b.at);
  if (deployment.switchedAt === undefined) return [];
  return [{ at: deployment.switchedAt, from: otherColor(deployment.active), to: deployment.active, version: deployment.colors[deployment.active]?.version }];
}

/**
 * Whether switch `i` went back to what was live before the switch preceding it (a
 * rollback), rather than putting something new live (a release). Needs the versions:
 * with two colours every switch goes back to the previous colour.
 */
export function isSwitchBack(switches: readonly SwitchRecord[], i: number): boolean {
  const s = switches[i];
  const previous = switches[i - 1];
  return !!s && !!previous && s.to === previous.from && s.version !== undefined && s.version === previous.fromVersion;
}

/** The colour that was live at `at`, from the recorded switches (the current one when none came after). */
export function liveColorAt(deployment: Deployment, at: number): Color {
  const switches = switchesOf(deployment);
  const after = switches.find((s) => s.at > at);
  if (after) return after.from;
  return deployment.active;
}
