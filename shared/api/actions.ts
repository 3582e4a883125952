import { z } from 'zod';
import { ColorSchema, TrafficWeightsSchema } from '../model/deploy';
import { NOTE_MAX_CHARS } from '../incident/notes';

export const AcknowledgeRequestSchema = z.object({
  fingerprint: z.string().min(1),
  author: z.string().trim().min(1, 'say who is acknowledging').max(100),
  comment: z.string().trim().min(1, 'a comment helps the next person').max(1000),
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
  /** Client-made id: a retried request with the same key is done once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type AcknowledgeRequest = z.infer<typeof AcknowledgeRequestSchema>;

/** Acknowledge, un-acknowledge or resolve a whole incident (its silences carry who and why). */
export const IncidentActionRequestSchema = z.object({
  incidentId: z.string().min(1),
  author: z.string().trim().min(1, 'say who you are').max(100),
  comment: z.string().trim().max(1000).default(''),
  /** Client-made id: a retried request with the same key is done once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type IncidentActionRequest = z.infer<typeof IncidentActionRequestSchema>;

export const RollbackRequestSchema = z.object({
  incidentId: z.string().min(1),
  service: z.string().min(1),
  targetColor: ColorSchema,
  author: z.string().trim().min(1).max(100),
  /** The person confirmed the named service and colour. */
  confirmed: z.literal(true),
  idempotencyKey: z.string().min(8).max(100),
});
export type RollbackRequest = z.infer<typeof RollbackRequestSchema>;

export const ActionResultSchema = z.object({
  actionId: z.string(),
  /**
   * pending: its backend could not be reached, so it is queued and retried (see the
   * `actions` event); unknown: it may or may not have taken effect (no answer in time, or
   * Lockstep stopped mid-way) and nothing could read the backend to tell.
   */
  status: z.enum(['succeeded', 'failed', 'pending', 'unknown']),
  message: z.string(),
  /** True when this request repeated one already done (same idempotency key). */
  replayed: z.boolean(),
  at: z.number(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;

/**
 * An action whose outcome the person did not see in a reply: queued while its backend is
 * down, in doubt after a crash or a timeout, or settled later (by a retry, or by reading
 * the backend's state back: `reconciled`).
 */
export const ActionRecordSchema = z.object({
  actionId: z.string(),
  kind: z.string(),
  /** What, on what, by whom. */
  summary: z.string(),
  state: z.enum(['pending', 'in_doubt', 'succeeded', 'failed']),
  /** The outcome, or for a pending action why it waits. */
  message: z.string(),
  at: z.number(),
  /** Pending: when the next attempt is due. */
  nextAttemptAt: z.number().optional(),
  attempts: z.number().int().nonnegative(),
  /** The outcome was read from the backend's state rather than from its reply. */
  reconciled: z.boolean(),
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

export const ActionListSchema = z.object({ actions: z.array(ActionRecordSchema) });
export type ActionList = z.infer<typeof ActionListSchema>;

/** What a rollback did, beyond succeeded/failed: said to the person and on the timeline. */
export const RollbackOutcomeSchema = z.enum([
  /** Traffic moved now, on this request. */
  'switched',
  /** The deployer had already done this very switch (same idempotency key, e.g. from another console): done once. */
  'replayed',
  /** The colour was live already: nothing was sent or nothing moved. */
  'already_live',
  'failed',
  /** No clear answer and the deployer's state could not be read back. */
  'unknown',
]);
export type RollbackOutcome = z.infer<typeof RollbackOutcomeSchema>;

export const RollbackResultSchema = ActionResultSchema.extend({
  outcome: RollbackOutcomeSchema.optional(),
  /** What was read back from the deployer when its answer did not say (timeout, broken connection). */
  observed: z.string().optional(),
  /** This request joined one already running in this console for the same switch. */
  coalesced: z.boolean().optional(),
});
export type RollbackResult = z.infer<typeof RollbackResultSchema>;

export const RollbackCandidateSchema = z.object({
  service: z.string(),
  target: ColorSchema,
  badColor: ColorSchema,
  badVersion: z.string().optional(),
  targetVersion: z.string().optional(),
  releasedAt: z.number(),
  reason: z.string(),
});
export const RollbackOfferSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offer'), candidate: RollbackCandidateSchema }),
  z.object({ kind: z.literal('none'), reason: z.string() }),
]);

/**
 * Part of a service's traffic moved between its colours (the operator's "push 60% to the
 * healthy one"), where the deployer splits traffic; the same guardrails as a rollback.
 */
export const ShiftTrafficRequestSchema = z.object({
  incidentId: z.string().min(1),
  service: z.string().min(1),
  weights: TrafficWeightsSchema,
  author: z.string().trim().min(1).max(100),
  confirmed: z.literal(true),
  idempotencyKey: z.string().min(8).max(100),
});
export type ShiftTrafficRequest = z.infer<typeof ShiftTrafficRequestSchema>;

/** Without `service`, the preview is of the rollback the incident is offered (if any); with `weights`, of that traffic shift. */
export const RollbackPreviewRequestSchema = z.object({
  incidentId: z.string().min(1),
  service: z.string().min(1).optional(),
  targetColor: ColorSchema.optional(),
  weights: TrafficWeightsSchema.optional(),
  author: z.string().trim().min(1).max(100).optional(),
});
export type RollbackPreviewRequest = z.infer<typeof RollbackPreviewRequestSchema>;

/** One HTTP request exactly as it would be sent, credentials masked. */
export const PreparedRequestSchema = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().optional(),
});

export const RollbackPreviewSchema = z.object({
  offer: RollbackOfferSchema,
  /** The switch asked about (or offered), when there is one to preview. */
  plan: z
    .object({
      service: z.string(),
      from: ColorSchema,
      to: ColorSchema,
      fromVersion: z.string().optional(),
      toVersion: z.string().optional(),
      provider: z.string(),
      /** For a traffic shift: the shares now and after. */
      weightsFrom: TrafficWeightsSchema.optional(),
      weightsTo: TrafficWeightsSchema.optional(),
      /** Sent to the deployer so identical requests from several consoles are done once. */
      idempotencyKey: z.string(),
      requests: z.array(PreparedRequestSchema),
      /** Set when the switch would be refused (already live, the known-bad colour, one already running). */
      refusal: z.string().optional(),
    })
    .optional(),
});
export type RollbackPreview = z.infer<typeof RollbackPreviewSchema>;

/** "Escalate now": page the incident's next level at once (a deterministic escalation alert in Alertmanager). */
export const EscalateRequestSchema = z.object({
  incidentId: z.string().min(1),
  /** The level to page: "b", "c", … (level A is paged by the alert itself). */
  level: z.string().regex(/^[a-z][a-z0-9]{0,15}$/, 'a level name such as "b"'),
  author: z.string().trim().min(1, 'say who is escalating').max(100),
  /** Client-made id: a retried request with the same key is done once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type EscalateRequest = z.infer<typeof EscalateRequestSchema>;

/**
 * A note on an incident, shared with every console through Alertmanager (shared/incident/notes.ts).
 * Free text, shown as text wherever it appears; the same request (same key) is one note.
 */
export const AddNoteRequestSchema = z.object({
  incidentId: z.string().min(1).max(200),
  author: z.string().trim().min(1, 'say who is writing').max(100),
  text: z
    .string()
    .trim()
    .min(1, 'write something first')
    .max(NOTE_MAX_CHARS, 'a note holds at most 2,000 characters'),
  /** Client-made id: a retried request with the same key is one note. */
  idempotencyKey: z.string().min(8).max(100),
});
export type AddNoteRequest = z.infer<typeof AddNoteRequestSchema>;
