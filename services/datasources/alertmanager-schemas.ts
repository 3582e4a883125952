import { z } from 'zod';
import { SeveritySchema, type Alert, type Silence } from '../../shared';

/** Alertmanager API v2 shapes (checked against 0.25 answers in testdata/alertmanager). */
export const AmAlertSchema = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  updatedAt: z.string().optional(),
  generatorURL: z.string().optional(),
  receivers: z.array(z.object({ name: z.string() })).default([]),
  status: z.object({
    state: z.enum(['active', 'suppressed', 'unprocessed']),
    silencedBy: z.array(z.string()).default([]),
    inhibitedBy: z.array(z.string()).default([]),
  }),
});
export type AmAlert = z.infer<typeof AmAlertSchema>;
export const AmAlertsSchema = z.array(AmAlertSchema);

export const AmMatcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  // Alertmanager before 0.22 has no negative matchers and omits the field.
  isEqual: z.boolean().default(true),
});

export const AmSilenceSchema = z.object({
  id: z.string(),
  matchers: z.array(AmMatcherSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string().default(''),
  updatedAt: z.string().optional(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
});
export type AmSilence = z.infer<typeof AmSilenceSchema>;
export const AmSilencesSchema = z.array(AmSilenceSchema);

export const AmPostSilenceAnswerSchema = z.object({ silenceID: z.string().min(1) });

/** GET /api/v2/alerts/groups: one entry per route group and receiver, its alerts as /api/v2/alerts lists them. */
export const AmAlertGroupSchema = z.object({
  labels: z.record(z.string(), z.string()),
  receiver: z.object({ name: z.string() }),
  alerts: z.array(AmAlertSchema),
});
export const AmAlertGroupsSchema = z.array(AmAlertGroupSchema);

/**
 * GET /api/v2/status, the parts Lockstep reads. `cluster.peers` lists every member this
 * one gossips with, itself included, by gossip address (not the HTTP API's), so it counts
 * members but cannot say where to reach them. A member started with gossip off says
 * "disabled" and lists no peers. The rest (the whole config, uptime) is dropped unread.
 */
export const AmStatusSchema = z.object({
  versionInfo: z.object({ version: z.string() }).partial().default({}),
  cluster: z.object({
    name: z.string().optional(),
    status: z.enum(['ready', 'settling', 'disabled']),
    peers: z.array(z.object({ name: z.string(), address: z.string() })).default([]),
  }),
});
export type AmStatus = z.infer<typeof AmStatusSchema>;

/** POST /api/v2/alerts takes an array of these (postableAlert): label names as Prometheus allows, values non-empty. */
export const AmPostableAlertSchema = z.object({
  labels: z
    .record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name'), z.string().min(1))
    .refine((labels) => Object.keys(labels).length > 0, 'an alert needs labels'),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string().optional(),
});
export type AmPostableAlert = z.infer<typeof AmPostableAlertSchema>;

/** What Alertmanager POSTs to a webhook receiver (payload version 4). */
export const AmWebhookSchema = z.object({
  version: z.string(),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: z.record(z.string(), z.string()),
  commonLabels: z.record(z.string(), z.string()),
  commonAnnotations: z.record(z.string(), z.string()),
  externalURL: z.string(),
  alerts: z.array(
    z.object({
      status: z.enum(['firing', 'resolved']),
      labels: z.record(z.string(), z.string()),
      annotations: z.record(z.string(), z.string()),
      startsAt: z.string(),
      endsAt: z.string(),
      generatorURL: z.string(),
      fingerprint: z.string(),
    }),
  ),
});
export type AmWebhook = z.infer<typeof AmWebhookSchema>;

/** ISO time → epoch ms; Go's zero time ("0001-01-01T00:00:00Z") means "not set". */
export function isoToMs(iso: string | undefined): number | undefined {
  if (!iso || iso.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function toAlert(am: AmAlert, sourceId: string, now = Date.now()): Alert {
  const severity = SeveritySchema.safeParse(am.labels.severity);
  const endsAt = isoToMs(am.endsAt);
  const resolved = endsAt !== undefined && endsAt <= now;
  return {
    fingerprint: am.fingerprint,
    name: am.labels.alertname ?? '(unnamed alert)',
    severity: severity.success ? severity.data : 'warning',
    // The API lists only unresolved alerts; an end in the past is one it has not dropped yet.
    state: resolved ? 'resolved' : 'firing',
    startsAt: isoToMs(am.startsAt) ?? now,
    // A firing alert's endsAt is only Prometheus's resend timeout, not an end: leave it out.
    endsAt: resolved ? endsAt : undefined,
    labels: am.labels,
    annotations: am.annotations,
    silencedBy: am.status.silencedBy,
    ...(am.status.inhibitedBy.length > 0 ? { inhibitedBy: am.status.inhibitedBy } : {}),
    ...(am.receivers.length > 0 ? { receivers: am.receivers.map((r) => r.name) } : {}),
    source: sourceId,
  };
}

export function toSilence(am: AmSilence): Silence {
  return {
    id: am.id,
    matchers: am.matchers,
    startsAt: isoToMs(am.startsAt) ?? 0,
    endsAt: isoToMs(am.endsAt) ?? 0,
    createdBy: am.createdBy,
    comment: am.comment,
    state: am.status.state,
  };
}
