import { z } from 'zod';

export const ColorSchema = z.enum(['blue', 'green']);
export type Color = z.infer<typeof ColorSchema>;

/** A blue/green deployment of one service: two colours, one of them live. */
export const DeploymentSchema = z.object({
  service: z.string(),
  active: ColorSchema,
  colors: z.object({
    blue: z.object({ version: z.string() }).optional(),
    green: z.object({ version: z.string() }).optional(),
  }),
  switchedAt: z.number().optional(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}
