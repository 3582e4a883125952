/**
 * Environment overrides of a config, so a wall screen or a team's console is provisioned
 * without clicking: the same config file everywhere, and per machine
 *
 *   LOCKSTEP_ALERT_POLL_SECONDS=2
 *   LOCKSTEP_SOURCE_PROM_URL=https://prometheus.eu-1.example:9090
 *   LOCKSTEP_SOURCE_AM_URLS=http://am-2:9093,http://am-3:9093
 *   LOCKSTEP_SOURCE_LOGS_KIND=loki LOCKSTEP_SOURCE_LOGS_URL=http://loki:3100   (a source the file lacks)
 *
 * `<ID>` is the source's id upper-cased with dashes as underscores (`eu-prom` → `EU_PROM`).
 * They are applied to the config's JSON before it is validated, so a wrong value fails
 * exactly as it would in the file, and the error names the variable. A variable that
 * names no source, or a field Lockstep does not know, is an error rather than a silent
 * no-op: a typo must not leave a wall screen on the wrong server.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** One variable that was applied, and the config path it set. */
export interface AppliedOverride {
  variable: string;
  /** "alertPollSeconds", or "sources.<id>.url". */
  path: string;
  sourceId?: string;
}

export class ConfigEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigEnvError';
  }
}

export const SOURCE_PREFIX = 'LOCKSTEP_SOURCE_';

type Parse = (value: string, variable: string) => unknown;

const text: Parse = (value) => value;
const number: Parse = (value, variable) => {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new ConfigEnvError(`${variable} is "${value}", which is not a number`);
  return Number(value);
};
const boolean: Parse = (value, variable) => {
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new ConfigEnvError(`${variable} is "${value}"; write true or false`);
};
const list: Parse = (value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Top-level settings a machine may set, by the variable's name after LOCKSTEP_. */
const TOP_LEVEL: Record<string, { key: string; parse: Parse }> = {
  ALERT_POLL_SECONDS: { key: 'alertPollSeconds', parse: number },
  INCIDENT_QUIET_SECONDS: { key: 'incidentQuietSeconds', parse: number },
  ACK_LEASE_MINUTES: { key: 'ackLeaseMinutes', parse: number },
  WATCHDOG_GRACE_SECONDS: { key: 'watchdogGraceSeconds', parse: number },
};

/** Per-source fields, by the variable's suffix; a path with a dot is nested (tls.caFile). */
export const SOURCE_FIELDS: Record<string, { path: string; parse: Parse }> = {
  KIND: { path: 'kind', parse: text },
  NAME: { path: 'name', parse: text },
  URL: { path: 'url', parse: text },
  URLS: { path: 'urls', parse: list },
  TIMEOUT_MS: { path: 'timeoutMs', parse: number },
  TENANT: { path: 'tenant', parse: text },
  INDEX: { path: 'index', parse: text },
  PROXY: { path: 'proxy', parse: text },
  TLS_CA_FILE: { path: 'tls.caFile', parse: text },
  TLS_SERVER_NAME: { path: 'tls.serverName', parse: text },
  TLS_INSECURE_SKIP_VERIFY: { path: 'tls.insecureSkipVerify', parse: boolean },
};

/** The variable for a source's field: `sourceVariable('eu-prom', 'URL')` is LOCKSTEP_SOURCE_EU_PROM_URL. */
export function sourceVariable(sourceId: string, field: keyof typeof SOURCE_FIELDS): string {
  return `${SOURCE_PREFIX}${sourceId.toUpperCase().replaceAll('-', '_')}_${field}`;
}

/**
 * The config JSON with the environment's overrides applied (a copy; `raw` is untouched),
 * and which variables did what. Empty variables are ignored, as if unset.
 */
export function applyEnvOverrides(raw: unknown, env: Env): { config: unknown; applied: AppliedOverride[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { config: raw, applied: [] };
  const config = structuredClone(raw) as Record<string, unknown>;
  const applied: AppliedOverride[] = [];
  const set = Object.entries(env)
    .filter((entry): entry is [string, string] => entry[0].startsWith('LOCKSTEP_') && typeof entry[1] === 'string' && entry[1].trim() !== '')
    .sort(([a], [b]) => a.localeCompare(b));

  for (const [variable, value] of set) {
    const top = TOP_LEVEL[variable.slice('LOCKSTEP_'.length)];
    if (!top) continue;
    config[top.key] = top.parse(value.trim(), variable);
    applied.push({ variable, path: top.key });
  }

  const sourceVariables = set.filter(([variable]) => variable.startsWith(SOURCE_PREFIX));
  if (sourceVariables.length === 0) return { config, applied };
  const sources = Array.isArray(config.sources) ? [...(config.sources as unknown[])] : [];
  config.sources = sources;
  const idOf = (entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined);
  const keyOf = (id: string) => id.toUpperCase().replaceAll('-', '_');

  for (const [variable, rawValue] of sourceVariables) {
    const { key, field } = splitSourceVariable(variable, sources.map(idOf).filter((id): id is string => typeof id === 'string').map(keyOf));
    const spec = SOURCE_FIELDS[field]!;
    let index = sources.findIndex((entry) => typeof idOf(entry) === 'string' && keyOf(idOf(entry) as string) === key);
    const sourceId = index >= 0 ? (idOf(sources[index]) as string) : key.toLowerCase().replaceAll('_', '-');
    if (index < 0) {
      // A source the file lacks: the machine adds it, and must say what kind it is.
      const kind = env[`${SOURCE_PREFIX}${key}_KIND`]?.trim();
      if (!kind) {
        const known = sources.map(idOf).filter((id) => typeof id === 'string');
        throw new ConfigEnvError(
          `${variable} names a source "${sourceId}" that the config does not have (it has ${known.length ? known.join(', ') : 'none'}); to add one, also set ${SOURCE_PREFIX}${key}_KIND and ${SOURCE_PREFIX}${key}_URL`,
        );
      }
      sources.push({ id: sourceId, name: sourceId, kind });
      index = sources.length - 1;
    } else if (field === 'KIND' && (sources[index] as { kind?: unknown }).kind !== rawValue.trim()) {
      throw new ConfigEnvError(`${variable} would change the kind of the source "${sourceId}"; change it in the config file, or give the new source another id`);
    }
    const entry = { ...(sources[index] as Record<string, unknown>) };
    setPath(entry, spec.path, spec.parse(rawValue.trim(), variable));
    sources[index] = entry;
    applied.push({ variable, path: `sources.${sourceId}.${spec.path}`, sourceId });
  }
  return { config, applied };
}

/** LOCKSTEP_SOURCE_<KEY>_<FIELD>: the longest known field suffix wins, so EU_PROM_TLS_CA_FILE is EU_PROM + TLS_CA_FILE. */
function splitSourceVariable(variable: string, knownKeys: string[]): { key: string; field: string } {
  const rest = variable.slice(SOURCE_PREFIX.length);
  const fields = Object.keys(SOURCE_FIELDS).sort((a, b) => b.length - a.length);
  // A known source's key is preferred, so a source id ending in a field word (prom-url) still works.
  for (const key of [...knownKeys].sort((a, b) => b.length - a.length)) {
    if (rest.startsWith(`${key}_`) && fields.includes(rest.slice(key.length + 1))) return { key, field: rest.slice(key.length + 1) };
  }
  for (const field of fields) {
    if (rest.endsWith(`_${field}`) && rest.length > field.length + 1) return { key: rest.slice(0, -field.length - 1), field };
  }
  throw new ConfigEnvError(`${variable} is not a setting Lockstep knows: per-source variables end in ${Object.keys(SOURCE_FIELDS).map((f) => `_${f}`).join(', ')}`);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) {
    target[head!] = value;
    return;
  }
  const inner = typeof target[head!] === 'object' && target[head!] !== null ? { ...(target[head!] as Record<string, unknown>) } : {};
  setPath(inner, rest.join('.'), value);
  target[head!] = inner;
}

/** "(set by LOCKSTEP_SOURCE_PROM_URL)" for a validation issue at a path an override set, else "". */
export function overrideNote(issuePath: readonly PropertyKey[], config: unknown, applied: readonly AppliedOverride[]): string {
  if (issuePath[0] === 'sources' && typeof issuePath[1] === 'number') {
    const entry = (config as { sources?: unknown[] })?.sources?.[issuePath[1]] as { id?: unknown } | undefined;
    const field = issuePath.slice(2).join('.');
    const hit = applied.find((a) => a.sourceId === entry?.id && (a.path === `sources.${String(entry?.id)}.${field}` || a.path.startsWith(`sources.${String(entry?.id)}.${field}.`)));
    return hit ? ` (set by ${hit.variable})` : '';
  }
  const hit = applied.find((a) => a.path === issuePath.join('.'));
  return hit ? ` (set by ${hit.variable})` : '';
}
