import { z } from 'zod';
import { CallGraphSchema } from './call-graph';

export const IncidentStateSchema = z.enum(['firing', 'acknowledged', 'escalated', 'resolved']);
export type IncidentState = z.infer<typeof IncidentStateSchema>;

/** Who holds an incident: read back from its `ACK!` silences in Alertmanager. */
export const IncidentAckSchema = z.object({
  by: z.string(),
  comment: z.string(),
  at: z.number(),
  until: z.number(),
  silenceIds: z.array(z.string()),
});
export type IncidentAck = z.infer<typeof IncidentAckSchema>;

export const IncidentMemberSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  labels: z.record(z.string(), z.string()),
  startsAt: z.number(),
  /** When this console saw it end; absent while it fires (or while alerting is blind). */
  endedAt: z.number().optional(),
  inhibited: z.boolean().optional(),
  /** Other (non-ack) silences muting it, as "author: comment". */
  silencedBy: z.array(z.string()).optional(),
});
export type IncidentMember = z.infer<typeof IncidentMemberSchema>;

export const IncidentSchema = z.object({
  /** Deterministic: from the grouping labels and start of the episode's first alert, so every console agrees. */
  id: z.string(),
  title: z.string(),
  /** The service the probable cause names, when there is one (enables rollback). */
  service: z.string().optional(),
  severity: z.enum(['critical', 'warning', 'info']),
  status: z.enum(['open', 'resolved']),
  state: IncidentStateSchema.optional(),
  openedAt: z.number(),
  resolvedAt: z.number().optional(),
  /** Fingerprints of the alerts grouped into this incident. */
  alerts: z.array(z.string()),
  /** The grouping labels of each alert group joined into this incident (what an acknowledgement silences). */
  groups: z.array(z.record(z.string(), z.string())).optional(),
  /** The probable cause, in words, and why the groups were joined. */
  cause: z.string().optional(),
  members: z.array(IncidentMemberSchema).optional(),
  acknowledgement: IncidentAckSchema.optional(),
  /** Highest escalation level reached, from the escalation alerts. */
  escalation: z.object({ level: z.string(), at: z.number() }).optional(),
  /** Non-ack silences covering its alerts, as "author: comment". */
  silencedBy: z.array(z.string()).optional(),
  /** Resolved by a person (a `RESOLVED!` silence), not by its alerts ending. */
  resolvedBy: z.string().optional(),
  /** Alerting was blind while this incident was open: a member missing then is unknown, not resolved. */
  unknown: z.boolean().optional(),
  /** All its alerts ended at this time; it resolves at `resolvesAt` unless one of its groups fires again. */
  quietSince: z.number().optional(),
  resolvesAt: z.number().optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;

export const TimelineKindSchema = z.enum([
  'alert_firing',
  'alert_resolved',
  'notified',
  'acknowledged',
  'unacknowledged',
  'escalated',
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

/**
 * How alerts are grouped and joined into incidents. Data, not code: the defaults
 * describe the demo fleet (services/incidents/default-correlation.json); a team
 * describes its own in the config.
 */
export const CorrelationConfigSchema = z.object({
  /** Labels that make an alert group; default the stack's Alertmanager group_by minus alertname. */
  groupBy: z.array(z.string().min(1)).min(1),
  /** Who calls whom: a failing callee explains its failing callers. */
  callGraph: CallGraphSchema,
  /** Alerts without a service that are symptoms of a path: alertname → the services on it. */
  symptoms: z.record(z.string(), z.array(z.string())).default({}),
  /** Labels that name one place: groups sharing a value of one of them join (e.g. one city). */
  placeLabels: z.array(z.string()).default([]),
  /** Labels that name one release: alerts sharing a value join. */
  releaseLabels: z.array(z.string()).default([]),
  /**
   * How long an incident whose alerts all ended waits before it resolves (default 120 s):
   * an alert of the same group firing again within it continues the same incident, with its
   * acknowledgement, instead of opening a new one that pages again (a flapping alert).
   */
  resolveAfterQuietSeconds: z.number().min(0).max(24 * 3600).optional(),
});
export type CorrelationConfig = z.infer<typeof CorrelationConfigSchema>;
