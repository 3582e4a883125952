import { z } from 'zod';

/**
 * A dashboard as JSON, like Grafana's: panels name a kind from the renderer's panel
 * registry and carry that kind's options. Unknown options are kept so that newer panel
 * kinds round-trip through older builds.
 */
export const PanelTargetSchema = z.object({
  refId: z.string(),
  source: z.string().optional(),
  expr: z.string(),
  legend: z.string().optional(),
});
export type PanelTarget = z.infer<typeof PanelTargetSchema>;

export const PanelSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  /** Grid position in a 24-column layout, rows of fixed height. */
  grid: z.object({ x: z.number().int(), y: z.number().int(), w: z.number().int(), h: z.number().int() }),
  targets: z.array(PanelTargetSchema).default([]),
  options: z.record(z.string(), z.unknown()).default({}),
});
export type Panel = z.infer<typeof PanelSchema>;

export const DashboardSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Default time range, seconds back from now. */
  rangeSeconds: z.number().positive(),
  refreshSeconds: z.number().min(1),
  panels: z.array(PanelSchema),
});
export type Dashboard = z.infer<typeof DashboardSchema>;
