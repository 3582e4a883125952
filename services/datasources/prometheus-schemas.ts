import { z } from 'zod';

/** The `data` of each Prometheus HTTP API answer Lockstep reads, as the servers send it. */

const Labels = z.record(z.string(), z.string());
/** Samples travel as strings so NaN and ±Inf survive JSON. */
const SamplePair = z.tuple([z.number(), z.string()]);

export const InstantDataSchema = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: Labels, value: SamplePair })) }),
  z.object({ resultType: z.literal('scalar'), result: SamplePair }),
  z.object({ resultType: z.literal('string'), result: SamplePair }),
  // Checked by the range decoder (prometheus-decode.ts), which owns the matrix shape.
  z.object({ resultType: z.literal('matrix'), result: z.unknown() }),
]);

export const SeriesDataSchema = z.array(Labels);

/** Prometheus sends null rather than [] for some empty answers. */
export const NamesDataSchema = z
  .array(z.string())
  .nullable()
  .transform((names) => names ?? []);

export const ExemplarsDataSchema = z
  .array(
    z.object({
      seriesLabels: Labels,
      exemplars: z.array(z.object({ labels: Labels.nullable().optional(), value: z.string(), timestamp: z.number() })).nullable(),
    }),
  )
  .nullable()
  .transform((groups) => groups ?? []);

const RuleSchema = z.object({
  type: z.enum(['recording', 'alerting']),
  name: z.string(),
  query: z.string(),
  health: z.string().default('unknown'),
  lastError: z.string().optional(),
  labels: Labels.nullable().optional(),
  annotations: Labels.nullable().optional(),
  state: z.string().optional(),
  /** Seconds of `for:` (Prometheus and vmalert). */
  duration: z.number().optional(),
  lastEvaluation: z.string().optional(),
});

export const RulesDataSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      file: z.string().default(''),
      interval: z.number().optional(),
      rules: z.array(RuleSchema).nullable().transform((rules) => rules ?? []),
    }),
  ),
});

export const AlertsDataSchema = z.object({
  alerts: z.array(
    z.object({
      labels: Labels,
      annotations: Labels.nullable().optional(),
      state: z.string(),
      activeAt: z.string().optional(),
      value: z.string(),
    }),
  ),
});

/**
 * `/api/v1/status/buildinfo`: Prometheus and Thanos send version, revision, branch,
 * goVersion…; Mimir adds `application`; VictoriaMetrics sends `{version: "2.24.0"}` (the
 * Prometheus version it imitates) or, in distribution builds, nothing at all.
 */
export const BuildInfoDataSchema = z.object({
  application: z.string().optional(),
  version: z.string().optional(),
  revision: z.string().optional(),
  branch: z.string().optional(),
  goVersion: z.string().optional(),
});

/** A sample value as the API writes it: "1.5", "NaN", "+Inf", "-Inf". NaN is a gap. */
export function parseSampleValue(text: string): number | null | undefined {
  if (text === 'NaN') return null;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = text.trim() === '' ? NaN : Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** An RFC 3339 time as epoch ms; Go's zero time (never) is undefined. */
export function parseApiTime(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
