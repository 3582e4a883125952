import { z } from 'zod';
import { CorrelationConfigSchema, SourceKindSchema, type SourceKind } from '../../shared';
import { RollbackPolicySchema } from '../../shared/incident/rollback-candidate';
import { EscalationPolicySchema } from '../../shared/escalation';
import { TrustedSignerSchema } from '../../shared/incident-file/trusted-signer';
import { CredentialNameSchema } from '../settings/credentials';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'ids are lower-case letters, digits and dashes');
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'only http and https URLs are supported');
const base = { id, name: z.string().min(1).max(100) };

const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'a header name is letters, digits and -_. (an HTTP token)');
const noLineBreak = (s: string) => !/[\r\n\0]/.test(s);
/** Set by Lockstep itself, or secrets: a secret goes in `auth`, named, never in the config file. */
const RESERVED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection']);
const notReserved = (name: string) => !RESERVED_HEADERS.has(name.toLowerCase());
const reservedMessage = 'this header is set by Lockstep or carries a secret; use "auth" with a stored credential instead';

/** Extra request headers, for tenancy and routing (X-Scope-OrgID, X-Grafana-Org-Id, …). */
const HeadersSchema = z
  .record(z.string(), z.string().max(1000).refine(noLineBreak, 'a header value may not hold a line break'))
  .superRefine((headers, ctx) => {
    // Checked here rather than as the record's key schema, whose errors do not say which header or why.
    for (const name of Object.keys(headers)) {
      if (!HeaderNameSchema.safeParse(name).success) ctx.addIssue({ code: 'custom', path: [name], message: 'a header name is letters, digits and -_. (an HTTP token)' });
      else if (!notReserved(name)) ctx.addIssue({ code: 'custom', path: [name], message: reservedMessage });
    }
  });

/**
 * How a source signs in: the name of a stored credential, never the secret. Strict, so a
 * "token" or "password" typed here is an error rather than a secret sitting in the file.
 */
export const SourceAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bearer'), credential: CredentialNameSchema }),
  z.strictObject({
    type: z.literal('basic'),
    username: z.string().min(1).max(200).refine((u) => noLineBreak(u) && !u.includes(':'), 'a basic-auth user name may not hold ":" or a line break'),
    credential: CredentialNameSchema,
  }),
  /** An API key in a header of its own (e.g. X-API-Key). */
  z.strictObject({ type: z.literal('header'), header: HeaderNameSchema.refine(notReserved, reservedMessage), credential: CredentialNameSchema }),
]);
export type SourceAuth = z.infer<typeof SourceAuthSchema>;

/** A file the services read once, at start: absolute, since a config file is read from anywhere. */
const absolutePath = z
  .string()
  .min(2)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'an absolute path (the file is read once, when Lockstep starts)')
  .refine(noLineBreak, 'a path may not hold a line break');

/**
 * How Lockstep checks a source's TLS certificate and proves itself (services/http/tls-files.ts).
 * `caFile` is added to the roots Node trusts unless `systemRoots` is false; `certFile` and
 * `keyFile` (PEM, unencrypted) are the client certificate for mTLS; `serverName` is the
 * name the certificate must hold when the URL uses another (an IP address, a tunnel).
 * `insecureSkipVerify` accepts any certificate, and the source's status says so for as long as it is set.
 */
export const SourceTlsSchema = z
  .strictObject({
    caFile: absolutePath.optional(),
    systemRoots: z.boolean().optional(),
    certFile: absolutePath.optional(),
    keyFile: absolutePath.optional(),
    serverName: z.string().regex(/^[A-Za-z0-9.-]{1,253}$/, 'a host name').optional(),
    insecureSkipVerify: z.boolean().optional(),
  })
  .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), { message: 'a client certificate needs both certFile and keyFile', path: ['keyFile'] });

const http = {
  ...base,
  url: httpUrl,
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  headers: HeadersSchema.optional(),
  auth: SourceAuthSchema.optional(),
  /** Largest single answer accepted, in MB (64 when absent); all answers together share the process budget. */
  maxResponseMB: z.number().int().min(1).max(256).optional(),
  /** Waiting for the TCP (and TLS) connection, in ms: 5 s or `timeoutMs`, whichever is shorter, when absent. */
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  /** The longest silence in the middle of an answer, in ms: 5 s or `timeoutMs`, whichever is shorter, when absent. */
  stallTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  tls: SourceTlsSchema.optional(),
  /**
   * "none": always direct; a URL: always through that HTTP(S) proxy (loopback too); absent:
   * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment, as curl reads them.
   * No credentials here: a proxy that needs a sign-in takes them from the environment's URL.
   */
  proxy: z
    .union([
      z.literal('none'),
      httpUrl.refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'no user or password in the config file: give a proxy that needs a sign-in in HTTPS_PROXY'),
    ])
    .optional(),
  /** Requests to this source at once (8 when absent); more wait their turn, and a waiting one that is cancelled leaves the queue. */
  maxConcurrent: z.number().int().min(1).max(64).optional(),
  /** Extra tries of a read that could not connect or got 502/503/504 (2 when absent, so 3 tries); writes are never retried here. */
  retries: z.number().int().min(0).max(5).optional(),
};
/** What every HTTP source's config has (services/http binds requests to it). */
export const HttpSourceFieldsSchema = z.object(http);
export type HttpSourceConfig = z.infer<typeof HttpSourceFieldsSchema>;

/**
 * A webhook's switch request. `{{service}}`, `{{color}}`, `{{idempotencyKey}}` and
 * `{{requestedBy}}` are filled in: URL-encoded in the path, JSON-string-escaped in the body
 * (so write "{{service}}" in quotes there), as they are in headers. Secrets never go here:
 * the source's `auth` adds the credential.
 */
export const WebhookTemplateSchema = z.object({
  method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
  path: z.string().regex(/^\//, 'a path starting with /').max(1000),
  headers: HeadersSchema.optional(),
  body: z.string().max(10_000).optional(),
  /** The statuses that mean "done"; anything else is a refusal (4xx) or an unclear answer. */
  expectStatus: z.array(z.number().int().min(200).max(299)).min(1).default([200, 201, 202, 204]),
});
export type WebhookTemplate = z.infer<typeof WebhookTemplateSchema>;

/** The kinds come from the shared list, so a name cannot be misspelt here. */
const kind = SourceKindSchema.enum;

/** One entry per backend kind; each kind has one module in ../datasources. */
export const SourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal(kind.demo),
    locks: z.number().int().min(100).max(1_000_000).default(50_000),
    seed: z.number().int().default(42),
    /** Run the scripted incidents on their schedule (they can always be triggered by hand). */
    scheduledIncidents: z.boolean().default(true),
    /** Incidents to start at once, by name; the embedded source checks the names it knows. */
    startIncidents: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'incident names are lower-case words and dashes')).max(10).optional(),
    /**
     * How long before the console started those incidents began (within the 30 minutes of
     * history the demo simulates at start): the war room opens mid-incident, its start on
     * the charts — for a demonstration, a screenshot, or a test that must not wait.
     */
    startIncidentsAgoSeconds: z.number().int().min(0).max(1500).optional(),
  }),
  /**
   * `tenant` picks the tenant of a multi-tenant Prometheus API: sent as X-Scope-OrgID (Mimir,
   * Cortex) or THANOS-TENANT (Thanos with tenancy), as `tenantHeader` says.
   */
  z.object({
    ...http,
    kind: z.literal(kind.prometheus),
    tenant: z.string().min(1).max(200).refine(noLineBreak, 'a tenant may not hold a line break').optional(),
    /** X-Scope-OrgID when absent. */
    tenantHeader: z.enum(['X-Scope-OrgID', 'THANOS-TENANT']).optional(),
  }),
  /**
   * `urls`: the other members of an Alertmanager HA cluster, one source with `url` (the
   * datasources/alertmanager-cluster.ts rules: reads from every member, a silence sent to one, posted alerts to all).
   * Separate clusters or teams are separate sources.
   */
  z.object({
    ...http,
    kind: z.literal(kind.alertmanager),
    urls: z
      .array(httpUrl)
      .max(9, 'at most 10 members in one Alertmanager cluster')
      .refine((urls) => new Set(urls).size === urls.length, 'each member URL once')
      .optional(),
  }),
  /** `tenant` is sent as X-Scope-OrgID (kept for existing configs; `headers` does the same). */
  z.object({
    ...http,
    kind: z.literal(kind.loki),
    tenant: z.string().optional(),
    /** Loki's tail `delay_for`: seconds it holds live lines to put late ones in order (0–5, Loki's limit). */
    tailDelaySeconds: z.number().int().min(0).max(5).optional(),
  }),
  /**
   * Elasticsearch or OpenSearch logs: `_search` over `index` (a pattern; `logs-*` by default),
   * the panel's query as a `query_string`. `fields` names where documents keep each part
   * of a line (ECS names by default: @timestamp, log.level, message, service.name,
   * trace.id, span.id); dotted paths read nested objects and dotted keys alike.
   */
  z.object({
    ...http,
    kind: z.literal(kind.elasticsearch),
    index: z
      .string()
      .min(1)
      .max(1000)
      .regex(/^[^\s"\\/?#<>|]+$/, 'an index name or pattern: no spaces, quotes, slashes or ?#<>|')
      // Elastic Agent and Filebeat 8 write logs to data streams named logs-<dataset>-<namespace>.
      .default('logs-*'),
    fields: z
      .object({
        timestamp: z.string().min(1).default('@timestamp'),
        level: z.string().min(1).default('log.level'),
        message: z.string().min(1).default('message'),
        service: z.string().min(1).default('service.name'),
        traceId: z.string().min(1).default('trace.id'),
        spanId: z.string().min(1).default('span.id'),
      })
      .strict()
      .prefault({}),
    /** Page deep results on a point in time where the server has one (Elasticsearch 7.10+, OpenSearch 2.4+); false always pages without. */
    pointInTime: z.boolean().default(true),
    /** Hits per `_search` page; a panel's limit is reached with search_after over several pages. */
    pageSize: z.number().int().min(1).max(10_000).default(1000),
  }),
  z.object({ ...http, kind: z.literal(kind.zipkin) }),
  z.object({ ...http, kind: z.literal(kind.jaeger) }),
  z.object({ ...http, kind: z.literal(kind.tempo) }),
  z.object({ ...http, kind: z.literal(kind['deployer-http']) }),
  /**
   * Any deploy system with an HTTP trigger: the switch is a templated request; state is
   * read from `deploymentsPath` in the demo deployer's shape ({"deployments":[…]}).
   */
  z.object({
    ...http,
    kind: z.literal(kind['deploy-webhook']),
    deploymentsPath: z.string().regex(/^\//, 'a path starting with /').default('/api/deployments'),
    /** Defaults to the demo deployer's switch endpoint, so only a different system needs a template. */
    switch: WebhookTemplateSchema.default({
      method: 'POST',
      path: '/api/deployments/{{service}}/switch',
      body: '{"color":"{{color}}","idempotencyKey":"{{idempotencyKey}}","requestedBy":"{{requestedBy}}"}',
      expectStatus: [200],
    }),
    /**
     * Where the deployer splits traffic: the request that sets each colour's share, with
     * `{{blueWeight}}` and `{{greenWeight}}` (percent) besides the switch's variables, e.g.
     * `{"weights":{"blue":{{blueWeight}},"green":{{greenWeight}}}}`. Without it, shifts are refused.
     */
    shift: WebhookTemplateSchema.optional(),
  }),
  /** Argo Rollouts through the Kubernetes API (url = the API server; auth = a bearer token). */
  z.object({
    ...http,
    kind: z.literal(kind['argo-rollouts']),
    namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name').max(63).default('default'),
    /** Lockstep service name → Rollout name; a service not listed is its own Rollout's name. */
    rollouts: z.record(z.string().min(1), z.string().regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, 'a Kubernetes object name').max(253)).default({}),
  }),
]);
export type SourceConfig = z.infer<typeof SourceConfigSchema>;
export type SourceConfigOf<K extends SourceConfig['kind']> = Extract<SourceConfig, { kind: K }>;

// Compile-time: the config covers exactly the shared list of kinds. Adding a kind to
// SourceKindSchema without an entry above (or the reverse) fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _ConfigCoversEveryKind = Assert<Same<SourceConfig['kind'], SourceKind>>;

export const LockstepConfigSchema = z.object({
  /** The JSON Schema editors complete from ("./lockstep.config.schema.json", made by `npm run config-schema`); ignored on load. */
  $schema: z.string().optional(),
  mode: z.enum(['demo', 'stack', 'custom']),
  sources: z.array(SourceConfigSchema).min(1),
  /**
   * Seconds between alert polls. 1 by default: an alert firing in Alertmanager must be a
   * notification on screen within 2 s (p95; `npm run bench -- notification`), which a 5 s
   * poll cannot reach. Polling, not an Alertmanager webhook: a webhook is held by the
   * route's group_wait (the team's config, 30 s by default, which Lockstep never pushes),
   * needs an authenticated endpoint on every console that Alertmanager can reach, and a
   * console that hears nothing cannot tell quiet from blind, so it would poll anyway. One
   * poll is two small GETs (/api/v2/alerts and /api/v2/silences), cheap each second.
   */
  alertPollSeconds: z.number().min(1).max(300).default(1),
  /** How alerts group and join into incidents, and who calls whom (services/incidents/default-correlation.json when absent). */
  correlation: CorrelationConfigSchema.optional(),
  /**
   * How long an incident whose alerts all ended waits before it resolves (default 120 s):
   * a flapping alert that fires again within it keeps its incident and acknowledgement.
   * Overrides `correlation.resolveAfterQuietSeconds`.
   */
  incidentQuietSeconds: z.number().min(0).max(24 * 3600).optional(),
  /**
   * The escalation policy the team's Prometheus and Alertmanager run (the same JSON that
   * `npm run escalation -- write DIR --policy FILE` compiles): "Escalate now" offers its
   * levels and posts its escalation alerts. Default: the demo fleet's policy.
   */
  escalation: EscalationPolicySchema.optional(),
  /** How long an acknowledgement lasts unless a running console renews it. */
  ackLeaseMinutes: z.number().int().min(1).max(24 * 60).optional(),
  /** A source that never showed the Watchdog alert counts as blind after this long. */
  watchdogGraceSeconds: z.number().int().min(5).max(3600).optional(),
  /** When a rollback is offered: the window before an incident, and a call graph if it differs from the correlation's. */
  rollback: RollbackPolicySchema.partial().optional(),
  /** This console's notifications to its person: an open, unacknowledged critical incident reminds every `remindMinutes` (default 5). */
  notifications: z.object({ remindMinutes: z.number().positive().max(24 * 60).optional() }).optional(),
  /** A folder of dashboard JSON files (Lockstep's or Grafana's), offered beside the built-in war room; relative to the config file. */
  dashboardsDir: z.string().min(1).optional(),
  /** Other consoles' public keys: incident files they signed open as verified here (this console's own key always does). */
  trustedSigners: z.array(TrustedSignerSchema).max(200).optional(),
});
export type LockstepConfig = z.infer<typeof LockstepConfigSchema>;
