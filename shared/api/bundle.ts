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
 * Why 100 MB: an export is bounded by what Lockstep writes (360 points per panel series,
 * 2,000 log lines, 25 traces), which is a few MB; 100 MB leaves room for traces of tens
 * of thousands of spans. Opening costs far more memory than the file: the text, the
 * parsed objects (3–6× the text) and the validated copy all live at once, so 100 MB
 * peaks near 1–1.5 GB — inside what a Chromium tab gets, where a 200 MB file took the
 * page down with no message. Both hosts refuse a larger file before reading it (the renderer
 * by File.size, the Electron host by stat), and the Electron host will not save one.
 */
export const MAX_INCIDENT_FILE_BYTES = 100_000_000;

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
});
export type IncidentBundle = z.infer<typeof IncidentBundleSchema>;

export function panelDataKey(panelId: string, refId: string): string {
  return `${panelId}/${refId}`;
}
