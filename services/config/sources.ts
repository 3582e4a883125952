import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'ids are lower-case letters, digits and dashes');
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'only http and https URLs are supported');
const base = { id, name: z.string().min(1).max(100) };
const http = { ...base, url: httpUrl, timeoutMs: z.number().int().min(100).max(120_000).default(10_000) };

/** One entry per backend kind; each kind has one module in ../datasources. */
export const SourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('demo'),
    locks: z.number().int().min(100).max(1_000_000).default(50_000),
    seed: z.number().int().default(42),
    /** Run the scripted incidents on their schedule (they can always be triggered by hand). */
    scheduledIncidents: z.boolean().default(true),
    /** Incidents to start at once, by name; the embedded source checks the names it knows. */
    startIncidents: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'incident names are lower-case words and dashes')).max(10).optional(),
  }),
  z.object({ ...http, kind: z.literal('prometheus') }),
  z.object({ ...http, kind: z.literal('alertmanager') }),
  z.object({ ...http, kind: z.literal('loki'), tenant: z.string().optional() }),
  z.object({ ...http, kind: z.literal('zipkin') }),
  z.object({ ...http, kind: z.literal('deployer-http') }),
]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type SourceConfigOf<K extends SourceConfig['kind']> = Extract<SourceConfig, { kind: K }>;

export const LockstepConfigSchema = z.object({
  mode: z.enum(['demo', 'stack', 'custom']),
  sources: z.array(SourceConfigSchema).min(1),
  /** Seconds between alert polls. */
  alertPollSeconds: z.number().min(1).max(300).default(5),
  /** How long an incident's alerts must stay resolved before the incident resolves (flap damping). */
  incidentResolveGraceSeconds: z.number().min(0).max(3600).default(120),
});
export type LockstepConfig = z.infer<typeof LockstepConfigSchema>;
