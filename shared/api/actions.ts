import { z } from 'zod';
import { ColorSchema } from '../model/deploy';

export const AcknowledgeRequestSchema = z.object({
  fingerprint: z.string().min(1),
  author: z.string().trim().min(1, 'say who is acknowledging').max(100),
  comment: z.string().trim().min(1, 'a comment helps the next person').max(1000),
  durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
  /** Client-made id: a retried request with the same key is done once. */
  idempotencyKey: z.string().min(8).max(100),
});
export type AcknowledgeRequest = z.infer<typeof AcknowledgeRequestSchema>;

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
  status: z.enum(['succeeded', 'failed']),
  message: z.string(),
  /** True when this request repeated one already done (same idempotency key). */
  replayed: z.boolean(),
  at: z.number(),
});
export type ActionResult = z.infer<typeof ActionResultSchema>;
