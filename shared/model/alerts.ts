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
  acknowledgement: AcknowledgementSchema.optional(),
  source: z.string(),
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
