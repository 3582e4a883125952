import { z } from 'zod';

export const IncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The service the incident is about, when its alerts name one (enables rollback). */
  service: z.string().optional(),
  severity: z.enum(['critical', 'warning', 'info']),
  status: z.enum(['open', 'resolved']),
  openedAt: z.number(),
  resolvedAt: z.number().optional(),
  /** Fingerprints of the alerts grouped into this incident. */
  alerts: z.array(z.string()),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const TimelineKindSchema = z.enum([
  'alert_firing',
  'alert_resolved',
  'notified',
  'acknowledged',
  'rollback_requested',
  'rollback_succeeded',
  'rollback_failed',
  'incident_opened',
  'incident_resolved',
  'note',
]);
export type TimelineKind = z.infer<typeof TimelineKindSchema>;

export const TimelineEventSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  at: z.number(),
  kind: TimelineKindSchema,
  actor: z.string().optional(),
  text: z.string(),
  data: z.record(z.string(), z.string()).optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
