import { z } from 'zod';
import { DashboardSchema } from '../model/dashboard';

export const SourceKindSchema = z.enum([
  'demo',
  'prometheus',
  'alertmanager',
  'loki',
  'zipkin',
  'deployer-http',
]);
export type SourceKind = z.infer<typeof SourceKindSchema>;

export const SignalSchema = z.enum(['metrics', 'alerts', 'logs', 'traces', 'deploys']);
export type Signal = z.infer<typeof SignalSchema>;

export const SourceInfoSchema = z.object({
  id: z.string(),
  kind: SourceKindSchema,
  name: z.string(),
  signals: z.array(SignalSchema),
  /** Where it lives, without credentials, for the status bar. */
  endpoint: z.string().optional(),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

export const SessionInfoSchema = z.object({
  product: z.literal('Lockstep'),
  version: z.string(),
  /** demo: the embedded fleet; stack/custom: real backends; bundle: an opened export, offline. */
  mode: z.enum(['demo', 'stack', 'custom', 'bundle']),
  host: z.enum(['electron', 'web', 'offline']),
  readOnly: z.boolean(),
  /** Who actions are recorded as unless the person types another name. */
  defaultActor: z.string(),
  sources: z.array(SourceInfoSchema),
  dashboard: DashboardSchema,
  serverTime: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
