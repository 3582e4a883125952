import type { SourceKind } from '../../../shared/api/session';

/**
 * The settings form's fields for each kind of source, as the config file names them
 * (services/config/sources.ts is the truth: the services check every save against it and
 * name the field that is wrong). A form edits only the fields it shows; anything else in
 * a source's config (a field added later, a template) is kept as it was, and "Edit as
 * JSON" reaches all of it.
 */
export type FieldType = 'text' | 'url' | 'number' | 'path' | 'checkbox' | 'select' | 'list' | 'headers' | 'json';

export interface FieldSpec {
  /** A config path; a dot goes into an object ("tls.caFile"). */
  key: string;
  label: string;
  type: FieldType;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  options?: readonly string[];
  /** Shown under "Connection details" rather than at the top. */
  advanced?: boolean;
  /** A checkbox that is on when the config leaves it out. */
  defaultOn?: boolean;
}

export const KIND_LABELS: Record<SourceKind, string> = {
  prometheus: 'Prometheus (also VictoriaMetrics, Thanos, Mimir)',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  elasticsearch: 'Elasticsearch / OpenSearch',
  zipkin: 'Zipkin',
  jaeger: 'Jaeger',
  tempo: 'Tempo',
  'deployer-http': 'Deployer (the demo fleet’s API)',
  'deploy-webhook': 'Deploy webhook',
  'argo-rollouts': 'Argo Rollouts (Kubernetes)',
  demo: 'Embedded demo fleet',
};

/** Short names, for the list. */
export const KIND_SHORT: Record<SourceKind, string> = {
  prometheus: 'Prometheus API',
  alertmanager: 'Alertmanager',
  loki: 'Loki',
  elasticsearch: 'Elasticsearch',
  zipkin: 'Zipkin',
  jaeger: 'Jaeger',
  tempo: 'Tempo',
  'deployer-http': 'Deployer',
  'deploy-webhook': 'Deploy webhook',
  'argo-rollouts': 'Argo Rollouts',
  demo: 'Demo fleet',
};

const PLACEHOLDER_URL: Partial<Record<SourceKind, string>> = {
  prometheus: 'http://prometheus:9090',
  alertmanager: 'http://alertmanager:9093',
  loki: 'http://loki:3100',
  elasticsearch: 'http://elasticsearch:9200',
  zipkin: 'http://zipkin:9411',
  jaeger: 'http://jaeger-query:16686',
  tempo: 'http://tempo:3200',
  'deployer-http': 'http://deployer:8080',
  'deploy-webhook': 'https://deploy.example',
  'argo-rollouts': 'https://kubernetes.default.svc',
};

/** What every HTTP source has, after its own fields: sign-in is its own section (CredentialField). */
const HTTP_ADVANCED: FieldSpec[] = [
  { key: 'headers', label: 'Extra headers', type: 'headers', hint: 'One "Name: value" a line, for tenancy and routing; secrets go in Sign-in, never here.', advanced: true },
  { key: 'timeoutMs', label: 'Timeout (ms)', type: 'number', placeholder: '10000', advanced: true },
  { key: 'connectTimeoutMs', label: 'Connect timeout (ms)', type: 'number', placeholder: '5000', advanced: true },
  { key: 'stallTimeoutMs', label: 'Stall timeout (ms)', type: 'number', placeholder: '5000', hint: 'The longest silence in the middle of an answer.', advanced: true },
  { key: 'retries', label: 'Retries of a read', type: 'number', placeholder: '2', advanced: true },
  { key: 'maxConcurrent', label: 'Requests at once', type: 'number', placeholder: '8', advanced: true },
  { key: 'maxResponseMB', label: 'Largest answer (MB)', type: 'number', placeholder: '64', advanced: true },
  { key: 'proxy', label: 'Proxy', type: 'text', placeholder: 'from HTTPS_PROXY / NO_PROXY', hint: '"none" for always direct, or http://proxy:3128; empty reads the environment.', advanced: true },
  { key: 'tls.caFile', label: 'CA file (PEM)', type: 'path', placeholder: '/etc/ssl/private-ca.pem', hint: 'An absolute path, read by the console’s host.', advanced: true },
  { key: 'tls.systemRoots', label: 'Trust the system’s CAs besides the CA file', type: 'checkbox', defaultOn: true, advanced: true },
  { key: 'tls.serverName', label: 'Certificate name', type: 'text', hint: 'The name the certificate must hold when the URL uses another (an IP address, a tunnel).', advanced: true },
  { key: 'tls.certFile', label: 'Client certificate (PEM)', type: 'path', advanced: true },
  { key: 'tls.keyFile', label: 'Client key (PEM)', type: 'path', advanced: true },
  { key: 'tls.insecureSkipVerify', label: 'Skip TLS verification (unsafe: the header warns while it is on)', type: 'checkbox', advanced: true },
];

const url = (kind: SourceKind): FieldSpec => ({ key: 'url', label: 'URL', type: 'url', required: true, placeholder: PLACEHOLDER_URL[kind] });

const OWN_FIELDS: Record<SourceKind, FieldSpec[]> = {
  prometheus: [
    url('prometheus'),
    { key: 'tenant', label: 'Tenant', type: 'text', hint: 'For Mimir, Cortex or Thanos with tenancy.' },
    { key: 'tenantHeader', label: 'Tenant header', type: 'select', options: ['', 'X-Scope-OrgID', 'THANOS-TENANT'] },
  ],
  alertmanager: [url('alertmanager'), { key: 'urls', label: 'Other members of its cluster', type: 'list', hint: 'One URL a line; the members of one HA cluster are one source.' }],
  loki: [
    url('loki'),
    { key: 'tenant', label: 'Tenant', type: 'text', hint: 'Sent as X-Scope-OrgID.' },
    { key: 'tailDelaySeconds', label: 'Live tail delay (s)', type: 'number', placeholder: '0' },
  ],
  elasticsearch: [
    url('elasticsearch'),
    { key: 'index', label: 'Index pattern', type: 'text', required: true, placeholder: 'logs-*' },
    { key: 'pageSize', label: 'Hits per page', type: 'number', placeholder: '1000', advanced: true },
    { key: 'pointInTime', label: 'Page on a point in time', type: 'checkbox', advanced: true, defaultOn: true },
    { key: 'fields', label: 'Field names', type: 'json', hint: 'Where documents keep each part of a line; ECS names when empty.', advanced: true },
  ],
  zipkin: [url('zipkin')],
  jaeger: [url('jaeger')],
  tempo: [url('tempo')],
  'deployer-http': [url('deployer-http')],
  'deploy-webhook': [
    url('deploy-webhook'),
    { key: 'deploymentsPath', label: 'Deployments path', type: 'text', placeholder: '/api/deployments' },
    { key: 'switch', label: 'Switch request', type: 'json', hint: '{method, path, headers, body, expectStatus} with {{service}} {{color}} {{idempotencyKey}} {{requestedBy}}.' },
  ],
  'argo-rollouts': [
    url('argo-rollouts'),
    { key: 'namespace', label: 'Namespace', type: 'text', placeholder: 'default' },
    { key: 'rollouts', label: 'Rollout names', type: 'json', hint: '{"service": "rollout-name"} where they differ.' },
  ],
  demo: [
    { key: 'locks', label: 'Locks', type: 'number', placeholder: '50000' },
    { key: 'seed', label: 'Seed', type: 'number', placeholder: '42' },
    { key: 'scheduledIncidents', label: 'Run the scripted incidents on their schedule', type: 'checkbox', defaultOn: true },
  ],
};

export function fieldsOf(kind: SourceKind): FieldSpec[] {
  return [...OWN_FIELDS[kind], ...(kind === 'demo' ? [] : HTTP_ADVANCED)];
}

export function isHttpKind(kind: SourceKind): boolean {
  return kind !== 'demo';
}

type Json = Record<string, unknown>;

export function getPath(config: Json, key: string): unknown {
  return key.split('.').reduce<unknown>((at, part) => (typeof at === 'object' && at !== null ? (at as Json)[part] : undefined), config);
}

/** A copy with `key` set, or removed when `value` is undefined; an object left empty goes too. */
export function setPath(config: Json, key: string, value: unknown): Json {
  const [head, ...rest] = key.split('.') as [string, ...string[]];
  const next: Json = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete next[head];
    else next[head] = value;
    return next;
  }
  const inner = setPath(typeof next[head] === 'object' && next[head] !== null ? (next[head] as Json) : {}, rest.join('.'), value);
  if (Object.keys(inner).length === 0) delete next[head];
  else next[head] = inner;
  return next;
}

/** What an input shows for a field's value. */
export function displayValue(field: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (field.type) {
    case 'list':
      return Array.isArray(value) ? value.join('\n') : '';
    case 'headers':
      return typeof value === 'object' ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join('\n') : '';
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

/** An input's text as the config value; `{error}` when it cannot be one (JSON that does not parse, a header line without a colon). */
export function parseInput(field: FieldSpec, text: string): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: undefined };
  switch (field.type) {
    case 'number': {
      const n = Number(trimmed);
      return Number.isFinite(n) ? { value: n } : { error: `${field.label}: "${trimmed}" is not a number` };
    }
    case 'list':
      return { value: trimmed.split(/[\n,]/).map((s) => s.trim()).filter(Boolean) };
    case 'headers': {
      const headers: Record<string, string> = {};
      for (const line of trimmed.split('\n').map((l) => l.trim()).filter(Boolean)) {
        const colon = line.indexOf(':');
        if (colon <= 0) return { error: `${field.label}: "${line}" is not "Name: value"` };
        headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
      return { value: headers };
    }
    case 'json':
      try {
        return { value: JSON.parse(trimmed) as unknown };
      } catch (error) {
        return { error: `${field.label}: not JSON (${error instanceof Error ? error.message : String(error)})` };
      }
    default:
      return { value: trimmed };
  }
}

/** An id from a name, for a new source whose id nobody typed: "Prometheus EU-1" → "prometheus-eu-1". */
export function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return /^[a-z0-9]/.test(slug) ? slug : '';
}

/** A new source's starting config. */
export function newSource(kind: SourceKind): Json {
  return kind === 'demo' ? { kind, id: '', name: '' } : { kind, id: '', name: '', url: '' };
}

/** The credential a source signs in with, if any. */
export function credentialOf(config: Json): string | undefined {
  const name = getPath(config, 'auth.credential');
  return typeof name === 'string' && name ? name : undefined;
}

/** The address to show in a list: the URL without user or password. */
export function addressOf(config: Json): string {
  const raw = getPath(config, 'url');
  if (typeof raw !== 'string' || !raw) return config.kind === 'demo' ? 'inside Lockstep' : '';
  try {
    const parsed = new URL(raw);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return raw;
  }
}
