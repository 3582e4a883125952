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

/*
 * Each panel kind's options, read with one schema wherever they are used (the panel that
 * draws them, the export that replays them). A missing or malformed option falls back to
 * its default on its own, so one typo in a dashboard blanks no panel; keys a kind does not
 * know are ignored here and still kept in `Panel.options`.
 */
export const TimeseriesOptionsSchema = z.object({
  /** percent: ratios 0..1 shown as %; seconds: durations (ms or s per axis); reqps: rates of requests per second; none: plain counts. */
  unit: z.enum(['percent', 'seconds', 'reqps', 'none']).catch('none'),
  min: z.number().optional().catch(undefined),
  max: z.number().optional().catch(undefined),
  /** A dashed line at `value`; `below` says whether values under it (not over it) are bad. */
  threshold: z.object({ value: z.number(), below: z.boolean().catch(false) }).optional().catch(undefined),
  /** Series drawn on top of one another (shares of a whole, e.g. requests per service) rather than each from zero. */
  stacked: z.boolean().default(false).catch(false),
});
export type TimeseriesOptions = z.infer<typeof TimeseriesOptionsSchema>;

export const FunnelOptionsSchema = z.object({
  /** The steps in order, as the values of `label` on the series. */
  steps: z
    .array(z.unknown())
    .catch([])
    .transform((steps) => steps.filter((s): s is string => typeof s === 'string')),
  label: z.string().min(1).catch('step'),
});
export type FunnelOptions = z.infer<typeof FunnelOptionsSchema>;

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

const panelOptionsSchemas = {
  timeseries: TimeseriesOptionsSchema,
  funnel: FunnelOptionsSchema,
  logs: LogsOptionsSchema,
} as const;
export type PanelKindWithOptions = keyof typeof panelOptionsSchemas;
export type PanelOptionsOf<K extends PanelKindWithOptions> = z.output<(typeof panelOptionsSchemas)[K]>;

/** A panel's options read as `kind`'s; never throws (every option has a fallback). */
export function panelOptions<K extends PanelKindWithOptions>(panel: Pick<Panel, 'options'>, kind: K): PanelOptionsOf<K> {
  return panelOptionsSchemas[kind].parse(panel.options) as PanelOptionsOf<K>;
}
