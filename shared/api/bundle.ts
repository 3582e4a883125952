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
