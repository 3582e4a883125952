import { z } from 'zod';
import { CURRENT_DASHBOARD_VERSION, migrateDashboard } from '../dashboards/migrations';
import { FunnelOptionsSchema } from '../dashboards/kinds/funnel';
import { LogsOptionsSchema } from '../dashboards/kinds/logs';
import { TimeseriesOptionsSchema, UnitSchema } from '../dashboards/kinds/timeseries';

export { TimeseriesOptionsSchema, UnitSchema, UNITS, type TimeseriesOptions, type Unit } from '../dashboards/kinds/timeseries';
export { FunnelOptionsSchema, type FunnelOptions } from '../dashboards/kinds/funnel';
export { LogsOptionsSchema, LOGS_PANEL_MAX_LIMIT, type LogsOptions } from '../dashboards/kinds/logs';

/**
 * A dashboard as JSON, like Grafana's: panels name a kind from the panel-kind registry
 * (shared/dashboards/panel-kinds.ts) and carry that kind's options. Unknown options are
 * kept so that newer panel kinds round-trip through older builds. Documents of earlier
 * versions are migrated before they are read (shared/dashboards/migrations.ts).
 */
export const PanelTargetSchema = z.object({
  refId: z.string().min(1).max(20),
  source: z.string().optional(),
  expr: z.string().max(20_000),
  legend: z.string().max(500).optional(),
});
export type PanelTarget = z.infer<typeof PanelTargetSchema>;

/** Colour bands from `value` up, like Grafana's absolute thresholds; `below` says values under the first step are the bad ones. */
export const ThresholdsSchema = z.object({
  below: z.boolean().default(false),
  steps: z.array(z.object({ value: z.number(), color: z.string().max(60) })).max(20),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const GridPosSchema = z.object({
  x: z.number().int().min(0).max(23),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(24),
  h: z.number().int().min(1).max(200),
});
export type GridPos = z.infer<typeof GridPosSchema>;

export const PanelSchema = z.object({
  id: z.string().min(1).max(200),
  kind: z.string().min(1).max(100),
  title: z.string().max(500),
  /** Grid position in a 24-column layout, rows of fixed height (Grafana's gridPos). */
  grid: GridPosSchema,
  targets: z.array(PanelTargetSchema).max(26).default([]),
  options: z.record(z.string(), z.unknown()).default({}),
  unit: UnitSchema.optional(),
  thresholds: ThresholdsSchema.optional(),
});
export type Panel = z.infer<typeof PanelSchema>;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A template variable: `$name` in a panel's expressions is replaced by the chosen value(s). */
export const VariableSchema = z.object({
  name: z.string().regex(VARIABLE_NAME, 'a variable name is letters, digits and _ and does not start with a digit').max(100),
  label: z.string().max(200).optional(),
  /** query: the values of `query.label` on the series `query.match` selects; custom: `options`; textbox: typed. */
  type: z.enum(['query', 'custom', 'textbox']),
  query: z.object({ label: z.string().min(1).max(200), match: z.string().max(2000).optional(), source: z.string().optional() }).optional(),
  options: z.array(z.string().max(500)).max(1000).default([]),
  includeAll: z.boolean().default(false),
  multi: z.boolean().default(false),
  /** What `All` becomes; absent, the values joined as a regex alternation. */
  allValue: z.string().max(500).optional(),
  /** Selected at load; `$__all` stands for All. */
  current: z.array(z.string().max(500)).max(1000).default([]),
});
export type Variable = z.infer<typeof VariableSchema>;

/** Only web links: a dashboard file must not be able to run script or open local files from a click. */
export const DashboardLinkSchema = z.object({
  title: z.string().min(1).max(200),
  url: z.string().max(2000).refine((u) => /^https?:\/\//i.test(u), 'a link must start with http:// or https://'),
});
export type DashboardLink = z.infer<typeof DashboardLinkSchema>;

export const DashboardV2Schema = z.object({
  schemaVersion: z.literal(CURRENT_DASHBOARD_VERSION, { error: `this build reads dashboards up to schemaVersion ${CURRENT_DASHBOARD_VERSION}` }),
  id: z.string().min(1).max(200),
  title: z.string().max(500),
  /** Default time range, seconds back from now. */
  rangeSeconds: z.number().positive(),
  refreshSeconds: z.number().min(1),
  /** The zone times are shown in unless the person switches it. */
  timezone: z.enum(['local', 'utc']).default('local'),
  variables: z.array(VariableSchema).max(50).default([]),
  links: z.array(DashboardLinkSchema).max(50).default([]),
  panels: z.array(PanelSchema).max(200),
});

/** Any version's JSON in, the current version out. */
export const DashboardSchema = z.preprocess(migrateDashboard, DashboardV2Schema);
export type Dashboard = z.output<typeof DashboardV2Schema>;

const panelOptionsSchemas = {
  timeseries: TimeseriesOptionsSchema,
  funnel: FunnelOptionsSchema,
  logs: LogsOptionsSchema,
} as const;
export type PanelKindWithOptions = keyof typeof panelOptionsSchemas;
export type PanelOptionsOf<K extends PanelKindWithOptions> = z.output<(typeof panelOptionsSchemas)[K]>;

/**
 * A panel's options read as `kind`'s; never throws (every option has a fallback). The
 * panel's own unit and first threshold step are what a time series draws, over any left
 * in its options.
 */
export function panelOptions<K extends PanelKindWithOptions>(panel: Pick<Panel, 'options'> & Partial<Pick<Panel, 'unit' | 'thresholds'>>, kind: K): PanelOptionsOf<K> {
  const first = panel.thresholds?.steps[0];
  const merged = {
    ...panel.options,
    ...(panel.unit ? { unit: panel.unit } : {}),
    ...(first ? { threshold: { value: first.value, below: panel.thresholds?.below ?? false } } : {}),
  };
  return panelOptionsSchemas[kind].parse(merged) as PanelOptionsOf<K>;
}
