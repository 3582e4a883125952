import { z } from 'zod';

export const SeveritySchema = z.enum(['critical', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** How bad a severity is: higher is worse. The one ranking both the services and the renderer use. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** For sorting worst first: negative when `a` is worse than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(b) - severityRank(a);
}

export const AcknowledgementSchema = z.object({
  by: z.string(),
  comment: z.string(),
  at: z.number(),
  until: z.number(),
  /** The silence that carries the acknowledgement in the alert source. */
  silenceId: z.string(),
});
export type Acknowledgement = z.infer<typeof AcknowledgementSchema>;

export const AlertSchema = z.object({
  /** Stable identity of the alert's label set (Alertmanager's fingerprint). */
  fingerprint: z.string(),
  name: z.string(),
  severity: SeveritySchema,
  state: z.enum(['firing', 'resolved']),
  startsAt: z.number(),
  endsAt: z.number().optional(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  /** Ids of silences muting the alert. */
  silencedBy: z.array(z.string()),
  /** Fingerprints of the alerts inhibiting this one (Alertmanager's inhibition rules): it notifies nobody. */
  inhibitedBy: z.array(z.string()).optional(),
  acknowledgement: AcknowledgementSchema.optional(),
  /** Where Alertmanager routes it (its receivers' names), when the source says. */
  receivers: z.array(z.string()).optional(),
  /** The alert source actions on it go to: the first, in config order, that lists it. */
  source: z.string(),
  /**
   * Set when several independent alert sources list the same alert (same labels, so the same
   * fingerprint): all of them, in config order, `source` first. Shown once; its silences,
   * inhibition and acknowledgement are those of `source`, where actions on it go.
   */
  sources: z.array(z.string()).optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const SilenceMatcherSchema = z.object({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean().default(true),
});
export type SilenceMatcher = z.infer<typeof SilenceMatcherSchema>;

export const SilenceSchema = z.object({
  id: z.string(),
  matchers: z.array(SilenceMatcherSchema),
  startsAt: z.number(),
  endsAt: z.number(),
  createdBy: z.string(),
  comment: z.string(),
  state: z.enum(['active', 'pending', 'expired']),
});
export type Silence = z.infer<typeof SilenceSchema>;

/**
 * Whether alerting can be trusted right now. Blind when an alert source does not answer,
 * when Prometheus does not answer, or when the always-firing watchdog is missing from an
 * Alertmanager that answers (Prometheus → Alertmanager is broken). Never an all-clear then.
 */
export const AlertingHealthSchema = z.object({
  blind: z.boolean(),
  /** Since when it has been blind (the first poll that found it so). */
  since: z.number().optional(),
  /** Why, in words: one line per cause. */
  reasons: z.array(z.string()),
  /** An alert source itself does not answer: nothing can be acknowledged there now. */
  alertSourceDown: z.boolean().optional(),
});
export type AlertingHealth = z.infer<typeof AlertingHealthSchema>;

/** karma's convention: a silence whose comment starts with this is an acknowledgement. */
export const ACK_PREFIX = 'ACK!';
/** A manual resolve: a silence marked so, with the incident's matchers, lapsing like an acknowledgement. */
export const RESOLVED_PREFIX = 'RESOLVED!';
/** The always-firing alert whose absence means alerting is blind; never shown. */
export const WATCHDOG_ALERTNAME = 'Watchdog';
/** Escalation alerts (posted or made by rules) carry the source alert's labels and these. */
export const ESCALATION_ALERTNAME = 'LockstepEscalation';
/** A note on an incident, posted by a console (shared/incident/notes.ts): routed to nobody, never an incident's alert. */
export const NOTE_ALERTNAME = 'LockstepNote';
