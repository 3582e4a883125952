import { z } from 'zod';
import { DashboardSchema } from '../model/dashboard';

/**
 * Requests about dashboards: the built-in war room, those in the config folder
 * (`dashboardsDir`), and each person's saved ones. `author` is filled in by the host from
 * who the console acts as (services/actions/acting-identity.ts), so saved dashboards are
 * per person whatever the page sends.
 */
const Author = z.string().max(100).optional();
const DashboardId = z.string().min(1).max(200);

export const DashboardSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  /** built-in: shipped with Lockstep; config: a file in the config folder; saved: this person's. */
  origin: z.enum(['built-in', 'config', 'saved']),
  /** A saved one that replaces a built-in or config dashboard of the same id for this person. */
  overrides: z.enum(['built-in', 'config']).optional(),
  panels: z.number().int(),
  savedAt: z.number().optional(),
});
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;

export const DashboardListSchema = z.object({
  dashboards: z.array(DashboardSummarySchema),
  /** Files in the config folder that could not be read, one sentence each. */
  problems: z.array(z.string()),
});

export const DashboardRequestSchema = z.object({ id: DashboardId, author: Author });
export const DashboardReplySchema = z.object({ dashboard: DashboardSchema, summary: DashboardSummarySchema });

export const SaveDashboardRequestSchema = z.object({ dashboard: DashboardSchema, author: Author });

/** Import reads and converts; it saves nothing (Save does), so a viewer may look at an imported dashboard. */
export const MAX_DASHBOARD_IMPORT_CHARS = 5_000_000;
export const ImportDashboardRequestSchema = z.object({ text: z.string().min(1).max(MAX_DASHBOARD_IMPORT_CHARS) });
export const ImportDashboardReplySchema = z.object({
  dashboard: DashboardSchema,
  format: z.enum(['lockstep', 'grafana']),
  /** What was not imported or imported differently, one sentence each. */
  skipped: z.array(z.string()),
});

export const ExportDashboardReplySchema = z.object({ fileName: z.string(), text: z.string() });

/** A template variable's values: those of `label` on the series `match` selects in the window. */
export const VariableValuesRequestSchema = z.object({
  label: z.string().min(1).max(200),
  match: z.string().max(2000).optional(),
  source: z.string().optional(),
  start: z.number().optional(),
  end: z.number().optional(),
});
export const VariableValuesReplySchema = z.object({ values: z.array(z.string()).max(10_000) });
