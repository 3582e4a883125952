import { z } from 'zod';
import { DashboardSchema } from '../model/dashboard';
import { TrustedSignerSchema } from '../incident-file/trusted-signer';

/**
 * Every kind of data source, the one list: the config schema
 * (services/config/sources.ts) builds its entries from these values and fails to compile
 * unless it covers exactly this list.
 */
export const SourceKindSchema = z.enum([
  'demo',
  'prometheus',
  'alertmanager',
  'loki',
  'elasticsearch',
  'zipkin',
  'jaeger',
  'tempo',
  'deployer-http',
  'deploy-webhook',
  'argo-rollouts',
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

/**
 * How a data source is doing, judged from the calls the services make to it (alert polls,
 * live queries, deploy polls, logs, traces) rather than from a probe of its own.
 */
export const SourceStatusSchema = z.object({
  source: z.string(),
  /** ok: answering; degraded: some calls fail, or it has just recovered; down: failing, with no answer lately. */
  state: z.enum(['ok', 'degraded', 'down']),
  /** The last error, in words for a tired on-call engineer; empty while ok. */
  message: z.string(),
  /** When it entered this state. */
  at: z.number(),
  /** When it last answered, if it ever did. */
  lastSuccessAt: z.number().optional(),
  /** What the source says of itself, e.g. "Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer". */
  detail: z.string().optional(),
  /** A standing warning about how Lockstep talks to the source, shown whatever the state: "TLS verification is OFF for …". */
  warning: z.string().optional(),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

export const SessionInfoSchema = z.object({
  product: z.literal('Lockstep'),
  version: z.string(),
  /** demo: the embedded fleet; stack/custom: real backends; bundle: an opened export, offline. */
  mode: z.enum(['demo', 'stack', 'custom', 'bundle']),
  host: z.enum(['electron', 'web', 'offline']),
  readOnly: z.boolean(),
  /** Who actions are recorded as unless the person types another name. */
  defaultActor: z.string(),
  /**
   * What this console may do: an operator acts, a viewer (a wall screen's URL) only looks.
   * Absent means operator (the desktop app, hosts older than roles).
   */
  role: z.enum(['operator', 'viewer']).optional(),
  /**
   * Set when the host fixes who this console acts as (the web host's access credential);
   * actions are recorded under this name whatever is typed.
   */
  actingAs: z.string().optional(),
  sources: z.array(SourceInfoSchema),
  /** Keys whose incident files open as verified: this install's own, then the config's `trustedSigners`. */
  trustedSigners: z.array(TrustedSignerSchema).optional(),
  /** The health of each source heard from so far, so a console (re)loading the session starts with it. */
  sourceStatus: z.array(SourceStatusSchema).optional(),
  dashboard: DashboardSchema,
  /** The escalation policy the team's Prometheus and Alertmanager run: its levels in order and who each pages now. */
  escalation: z
    .object({
      policy: z.string(),
      levels: z.array(z.object({ name: z.string(), pages: z.string(), waitSeconds: z.number().optional() })),
    })
    .optional(),
  /**
   * How often the host asks Alertmanager (config `alertPollSeconds`): the alerts list is STALE
   * after two of these, not after two dashboard refreshes. Absent from older hosts and files.
   */
  alertPollSeconds: z.number().positive().optional(),
  serverTime: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
