import { LockstepApiError, type SourceOrigin } from '../../shared';
import type { SettingsStore } from '../settings/settings-store';
import { type SourceLayerSettings } from '../settings/source-layer';
import type { AppliedOverride } from './env-overrides';
import { type SourceConfig, SourceConfigSchema } from './sources';

type Json = Record<string, unknown>;

/** One effective source: its config, the JSON it came from, and where that was. */
export interface CatalogEntry {
  config: SourceConfig;
  /** The JSON as given: the file's (validated) entry, or what Settings saved. What an edit form starts from. */
  json: Json;
  origin: SourceOrigin;
  /** Environment variables that set some of its fields (file sources only). */
  environment: string[];
}

export interface SaveInput {
  json: unknown;
  /** The id of the source being edited; absent to add one. */
  replaces?: string;
}

/** What a change would be: the new layer to keep, and the entries before and after. */
export interface CatalogPlan {
  layer: Json[];
  before: CatalogEntry[];
  after: CatalogEntry[];
}

/**
 * The data sources as configured: the config file given at start (the base, which
 * Settings can edit but not remove), with the sources saved in Settings layered over it
 * (services/settings/source-layer.ts). Plans each change and checks it — the config schema,
 * ids unique, no secret in a URL — before anything is kept; `commit` keeps the layer.
 */
export class SourceCatalog {
  private readonly fileById: Map<string, SourceConfig>;
  private readonly envBySource = new Map<string, string[]>();
  /** Broken entries already warned about: the layer is read on every request, the log should say it once. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly base: readonly SourceConfig[],
    private readonly settings: SettingsStore<SourceLayerSettings>,
    environment: readonly AppliedOverride[] = [],
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.fileById = new Map(base.map((c) => [c.id, c]));
    for (const override of environment) {
      if (override.sourceId) this.envBySource.set(override.sourceId, [...(this.envBySource.get(override.sourceId) ?? []), override.variable]);
    }
  }

  /** Every source in effect, in order: the file's (edits in place), then those added here, in the order added. */
  entries(): CatalogEntry[] {
    return this.merge(this.layer());
  }

  isFileSource(id: string): boolean {
    return this.fileById.has(id);
  }

  /** Checks a config as the file would be checked, plus what Settings must refuse (a secret in a URL). */
  validate(json: unknown): SourceConfig {
    return validateSourceConfig(json, 'saved');
  }

  planSave(input: SaveInput): CatalogPlan & { saved: CatalogEntry } {
    const config = this.validate(input.json);
    const json = input.json as Json;
    const before = this.entries();
    const ids = new Set(before.map((e) => e.config.id));
    if (input.replaces !== undefined) {
      if (!ids.has(input.replaces)) throw new LockstepApiError('not_found', `There is no source "${input.replaces}" to edit; it may have been removed from another console.`);
      if (config.id !== input.replaces) {
        if (this.isFileSource(input.replaces)) {
          throw new LockstepApiError('bad_request', `"${input.replaces}" comes from the config file, so its id cannot change here (dashboards and other consoles know it by that id); change the other fields, or add a new source.`);
        }
        if (ids.has(config.id)) throw new LockstepApiError('bad_request', `There already is a source with the id "${config.id}"; pick another id.`);
      }
    } else if (ids.has(config.id)) {
      const from = this.isFileSource(config.id) ? ' (from the config file)' : '';
      throw new LockstepApiError('bad_request', `There already is a source with the id "${config.id}"${from}; pick another id, or edit that one.`);
    }
    const layer = this.layer().filter((entry) => entry.id !== input.replaces && entry.id !== config.id);
    // An edit keeps its place among the added ones; a new source goes last.
    const at = input.replaces === undefined ? -1 : this.layer().findIndex((entry) => entry.id === input.replaces);
    if (at >= 0) layer.splice(Math.min(at, layer.length), 0, json);
    else layer.push(json);
    const after = this.merge(layer);
    return { layer, before, after, saved: after.find((e) => e.config.id === config.id)! };
  }

  /** Removes a source added here, or drops the edit of a file source (it reverts to the file's). The file's own cannot go. */
  planRemove(id: string): CatalogPlan & { reverted: boolean } {
    const before = this.entries();
    const current = before.find((e) => e.config.id === id);
    if (!current) throw new LockstepApiError('not_found', `There is no source "${id}"; it may have been removed from another console.`);
    if (current.origin === 'file') {
      throw new LockstepApiError('bad_request', `"${current.config.name}" comes from the config file, so it cannot be removed here; remove it from the file (or edit it here to point elsewhere).`);
    }
    const layer = this.layer().filter((entry) => entry.id !== id);
    return { layer, before, after: this.merge(layer), reverted: current.origin === 'edited' };
  }

  /** Every source of an export (or a config file) at once: all valid, ids unique, or nothing changes. */
  planImport(list: readonly unknown[]): CatalogPlan & { added: string[]; updated: string[]; unchanged: string[] } {
    const seen = new Set<string>();
    const configs = list.map((json, index) => {
      let config: SourceConfig;
      try {
        config = this.validate(json);
      } catch (error) {
        throw new LockstepApiError('bad_request', `Entry ${index + 1} of the file: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (seen.has(config.id)) throw new LockstepApiError('bad_request', `The file lists the source "${config.id}" twice; nothing was imported.`);
      seen.add(config.id);
      return { config, json: json as Json };
    });
    const before = this.entries();
    const current = new Map(before.map((e) => [e.config.id, e]));
    const layer = [...this.layer()];
    const added: string[] = [];
    const updated: string[] = [];
    const unchanged: string[] = [];
    for (const { config, json } of configs) {
      const existing = current.get(config.id);
      if (existing && sameConfig(existing.config, config)) {
        unchanged.push(config.id);
        continue;
      }
      (existing ? updated : added).push(config.id);
      const at = layer.findIndex((entry) => entry.id === config.id);
      // The file's own version imported back is no edit at all.
      const file = this.fileById.get(config.id);
      if (file && sameConfig(file, config)) {
        if (at >= 0) layer.splice(at, 1);
      } else if (at >= 0) layer[at] = json;
      else layer.push(json);
    }
    return { layer, before, after: this.merge(layer), added, updated, unchanged };
  }

  /** Keeps the layer in the settings store; throws when it cannot be written. */
  commit(layer: Json[]): void {
    this.settings.update({ sourceLayer: { version: 1, sources: layer } });
  }

  private layer(): Json[] {
    return this.settings.read().sourceLayer?.sources ?? [];
  }

  private merge(layer: readonly Json[]): CatalogEntry[] {
    const overrides = new Map<string, { config: SourceConfig; json: Json }>();
    const added: CatalogEntry[] = [];
    for (const json of layer) {
      const parsed = SourceConfigSchema.safeParse(json);
      if (!parsed.success) {
        const key = JSON.stringify(json);
        if (this.warned.has(key)) continue;
        this.warned.add(key);
        this.warn(`a source saved in Settings (${sourceLabel(json)}) is no longer valid and is left out: ${issueWords(parsed.error.issues[0])}`);
        continue;
      }
      if (this.fileById.has(parsed.data.id)) overrides.set(parsed.data.id, { config: parsed.data, json });
      else if (!added.some((e) => e.config.id === parsed.data.id)) added.push({ config: parsed.data, json, origin: 'added', environment: [] });
    }
    const fromFile = this.base.map((config): CatalogEntry => {
      const edit = overrides.get(config.id);
      return edit
        ? { config: edit.config, json: edit.json, origin: 'edited', environment: [] }
        : { config, json: config as unknown as Json, origin: 'file', environment: this.envBySource.get(config.id) ?? [] };
    });
    return [...fromFile, ...added];
  }
}

/**
 * A source's config checked as the config file's would be, plus what a console must refuse
 * to keep (a user name or password in a URL, which would sit in the settings file and show
 * on screen); throws `bad_request` with one sentence naming the field.
 */
export function validateSourceConfig(json: unknown, verb: 'saved' | 'tested'): SourceConfig {
  const parsed = SourceConfigSchema.safeParse(json);
  const name = sourceLabel(json);
  if (!parsed.success) throw new LockstepApiError('bad_request', `${name} cannot be ${verb}: ${issueWords(parsed.error.issues[0])}.`);
  const config = parsed.data;
  const urls = 'url' in config ? [config.url, ...('urls' in config ? (config.urls ?? []) : [])] : [];
  for (const url of urls) {
    const parsedUrl = new URL(url);
    if (parsedUrl.username || parsedUrl.password) {
      throw new LockstepApiError(
        'bad_request',
        `${name} cannot be ${verb}: its URL ${parsedUrl.host} carries a user name or password, which would be kept in the settings file and shown here; put the password in a stored credential and set "auth" (basic) instead.`,
      );
    }
  }
  return config;
}

export function sameConfig(a: SourceConfig, b: SourceConfig): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v,
  );
}

/** `"Prometheus EU" (prom-eu)`, or "The source" when the JSON names none. */
function sourceLabel(json: unknown): string {
  const { id, name } = (typeof json === 'object' && json !== null ? json : {}) as { id?: unknown; name?: unknown };
  if (typeof name === 'string' && name.trim()) return `The source "${name.slice(0, 100)}"`;
  if (typeof id === 'string' && id.trim()) return `The source "${id.slice(0, 100)}"`;
  return 'The source';
}

const KINDS_WORDS = 'prometheus, alertmanager, loki, elasticsearch, zipkin, jaeger, tempo, deployer-http, deploy-webhook, argo-rollouts or demo';

/** "url — only http and https URLs are supported", naming the field as the config file does. */
function issueWords(issue: { path: readonly PropertyKey[]; message: string; code?: string } | undefined): string {
  if (!issue) return 'it is not a source config';
  const where = issue.path.map(String).join('.');
  if (where === 'kind' || (issue.path.length === 0 && issue.code === 'invalid_union')) return `"kind" must be one of ${KINDS_WORDS}`;
  return where ? `${where} — ${issue.message}` : issue.message;
}
