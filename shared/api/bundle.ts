import { z } from 'zod';
import { AlertSchema } from '../model/alerts';
import { DashboardSchema } from '../model/dashboard';
import { IncidentSchema, TimelineEventSchema } from '../model/incident';
import { LogLineSchema } from '../model/logs';
import { QueryResultSchema } from '../model/series';
import { TraceSchema } from '../model/traces';
import { DeploymentSchema } from '../model/deploy';

export const BUNDLE_FORMAT = 'lockstep.incident';
export const BUNDLE_VERSION = 1;
export const BUNDLE_EXTENSION = '.lockstep.json';

/**
 * The largest incident file the console opens: 100 MB (decimal, as file managers and
 * browsers show sizes).
 *
 * Why 100 MB: an export is bounded by what Lockstep writes (≤ 1,440 points per panel series,
 * 20,000 log lines, 1,000 traces or 200,000 spans: services/export/), a few MB for a 2-hour
 * incident (npm run bench); 100 MB leaves room for traces of tens
 * of thousands of spans. Opening costs far more memory than the file: the text, the
 * parsed objects (3–6× the text) and the validated copy all live at once, so 100 MB
 * peaks near 1–1.5 GB — inside what a Chromium tab gets, where a 200 MB file took the
 * page down with no message. Both hosts refuse a larger file before reading it (the renderer
 * by File.size, the Electron host by stat), and the Electron host will not save one.
 */
export const MAX_INCIDENT_FILE_BYTES = 100_000_000;

/** Another dashboard carried in the file, with its panel data keyed as `panelData` is. */
export const ExportedDashboardSchema = z.object({
  dashboard: DashboardSchema,
  variables: z.record(z.string(), z.array(z.string())).optional(),
  panelData: z.record(z.string(), QueryResultSchema),
  panelSteps: z.record(z.string(), z.number()).optional(),
});
export type ExportedDashboard = z.infer<typeof ExportedDashboardSchema>;

export const AlertStateChangeSchema = z.object({
  fingerprint: z.string().optional(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  state: z.enum(['pending', 'firing', 'resolved']),
  at: z.number(),
});
export type AlertStateChange = z.infer<typeof AlertStateChangeSchema>;

export const AlertHistorySchema = z.object({
  changes: z.array(AlertStateChangeSchema),
  /** `timeline`: the incident tracker's; `prometheus`: its ALERTS series over the window. */
  from: z.array(z.enum(['timeline', 'prometheus'])),
  /** Why Prometheus' history is not in it, when it is not. */
  note: z.string().optional(),
});
export type AlertHistory = z.infer<typeof AlertHistorySchema>;

const CapSchema = z.object({ included: z.number().int(), referenced: z.number().int(), cap: z.number().int() });
export const BundleCapsSchema = z.object({
  /** Traces referenced by logs, alerts, exemplars and the timeline vs those in the file; `spanCap` when spans were the limit. */
  traces: CapSchema.extend({ spanCap: z.number().int().optional(), spans: z.number().int().optional() }).optional(),
  /** Log lines: `referenced` is what the sources had (at least), `included` what the file holds. */
  logs: CapSchema.optional(),
});
export type BundleCaps = z.infer<typeof BundleCapsSchema>;

/**
 * One exported incident: everything its panels showed over the incident window, so it
 * can be reviewed on a laptop with no network. Panel data is keyed by the panel id and
 * target refId it was fetched for.
 */
export const IncidentBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: z.number(),
  exportedBy: z.string(),
  window: z.object({ start: z.number(), end: z.number() }),
  incident: IncidentSchema,
  timeline: z.array(TimelineEventSchema),
  alerts: z.array(AlertSchema),
  deployments: z.array(DeploymentSchema),
  dashboard: DashboardSchema,
  panelData: z.record(z.string(), QueryResultSchema),
  logs: z.array(LogLineSchema),
  traces: z.array(TraceSchema),
  // Added with issue 10 (complete export); optional so files made before still open.
  /** The incident itself (opened … resolved, or … export time); `window` is this plus `marginMs` each side. */
  incidentWindow: z.object({ start: z.number(), end: z.number() }).optional(),
  marginMs: z.number().optional(),
  /** The step each panel target of `dashboard` was fetched at, by panelDataKey: the resolution the panel drew. */
  panelSteps: z.record(z.string(), z.number()).optional(),
  /** The variables' values the exporting person had chosen, by variable name. */
  variables: z.record(z.string(), z.array(z.string())).optional(),
  /** Other dashboards the incident was reviewed with (the one on screen at export when not `dashboard`), each with its own data. */
  otherDashboards: z.array(ExportedDashboardSchema).optional(),
  /** Every state change of the incident's alerts over the window, oldest first, and where it was read. */
  alertHistory: AlertHistorySchema.optional(),
  /** What was left out because a cap was reached; a kind is absent when nothing was. */
  caps: BundleCapsSchema.optional(),
  /** What could not be collected, in words (a source down, a query refused). */
  warnings: z.array(z.string()).optional(),
});
export type IncidentBundle = z.infer<typeof IncidentBundleSchema>;

export function panelDataKey(panelId: string, refId: string): string {
  return `${panelId}/${refId}`;
}
