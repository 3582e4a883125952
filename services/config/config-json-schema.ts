import { z } from 'zod';
import { LockstepConfigSchema } from './sources';

/** Where the committed schema lives, from the repository root; `npm run config-schema` writes it. */
export const CONFIG_SCHEMA_FILE = 'lockstep.config.schema.json';

/**
 * Words for editors' completion on the keys a person types most; the zod schema
 * (services/config/sources.ts) is the truth for what is valid, this only explains.
 */
const DESCRIPTIONS: Record<string, string> = {
  $schema: 'This schema, for editor completion: "./lockstep.config.schema.json". Ignored when Lockstep loads the file.',
  mode: 'demo: the embedded fleet; stack: the local real stack; custom: your own servers.',
  sources: 'The data sources, one entry per backend; the first that provides a signal answers panels that name no source.',
  alertPollSeconds: 'Seconds between alert polls (1 by default). Environment: LOCKSTEP_ALERT_POLL_SECONDS.',
  incidentQuietSeconds: 'How long an incident whose alerts all ended waits before it resolves (120 by default). Environment: LOCKSTEP_INCIDENT_QUIET_SECONDS.',
  ackLeaseMinutes: 'How long an acknowledgement lasts unless a running console renews it. Environment: LOCKSTEP_ACK_LEASE_MINUTES.',
  watchdogGraceSeconds: 'A source that never showed the Watchdog alert counts as blind after this long. Environment: LOCKSTEP_WATCHDOG_GRACE_SECONDS.',
  correlation: 'How alerts group and join into incidents, and who calls whom.',
  escalation: 'The escalation policy your Prometheus and Alertmanager run (what `npm run escalation -- write --policy` compiles).',
  rollback: 'When a rollback is offered: the window before an incident, and a call graph.',
  notifications: "This console's notifications to its person.",
  kind: 'Which backend: prometheus (also VictoriaMetrics, Thanos, Mimir), alertmanager, loki, elasticsearch, zipkin, jaeger, tempo, deployer-http, deploy-webhook, argo-rollouts, demo.',
  id: 'Lower-case letters, digits and dashes; panels and other consoles know the source by it. Environment overrides use it: LOCKSTEP_SOURCE_<ID>_URL.',
  url: 'The base URL (http or https), without a user name or password.',
  headers: 'Extra request headers for tenancy and routing; headers that carry secrets (Authorization, Cookie) are refused.',
  auth: 'How the source signs in: the NAME of a stored credential, never the secret.',
  tls: "How Lockstep checks the source's certificate (caFile, serverName, insecureSkipVerify) and proves itself (certFile, keyFile).",
  proxy: '"none", or an HTTP(S) proxy URL; absent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment.',
  timeoutMs: 'The whole answer must arrive within this many milliseconds (10,000 by default).',
};

/**
 * The JSON Schema of the config, generated from the zod schema (draft-07, which editors
 * complete from widely), describing the config as a person writes it: defaults optional.
 * Stable text, so the committed file can be compared with a fresh one (config-json-schema.test.ts).
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(LockstepConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  describe(schema);
  return {
    $schema: schema.$schema,
    title: 'Lockstep config',
    description: 'The config file of Lockstep (`npm start -- --config FILE`, or LOCKSTEP_CONFIG). Generated from services/config/sources.ts by `npm run config-schema`; do not edit.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** Adds a description to every property named in DESCRIPTIONS that has none, at any depth. */
function describe(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) describe(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const properties = record.properties;
  if (typeof properties === 'object' && properties !== null) {
    for (const [key, value] of Object.entries(properties as Record<string, unknown>)) {
      const words = DESCRIPTIONS[key];
      if (words && typeof value === 'object' && value !== null && !('description' in value)) (value as Record<string, unknown>).description = words;
    }
  }
  for (const value of Object.values(record)) describe(value);
}
