import { z } from 'zod';
import {
  type CredentialProtection,
  LockstepApiError,
  type SourceKind,
  type SourceSetting,
  type SourceSettingsList,
  type TestSourceResult,
} from '../../shared';
import type { CatalogEntry } from '../config/source-catalog';
import { CredentialNameSchema, CredentialSecretSchema, type CredentialReader, isCredentialStore } from '../settings/credentials';
import { describeError } from '../util/errors';
import type { SourceConfigManager } from './source-config-manager';

export interface SourceSettingsOptions {
  manager: SourceConfigManager;
  credentials?: CredentialReader;
  /** Where the base config came from: "/etc/lockstep.json (from LOCKSTEP_CONFIG)". */
  configOrigin: string;
  /** Where edits made here are kept. */
  savedIn: string;
  /** The kinds this host can run. */
  kinds: SourceKind[];
  test(json: unknown): Promise<TestSourceResult>;
  log(message: string): void;
  now?: () => number;
}

/** An export, or a config file: anything with a list of sources. */
const ImportFileSchema = z.object({ sources: z.array(z.record(z.string(), z.unknown())).min(1).max(200) });

/**
 * The settings screen's requests (shared/api/source-settings.ts): sources as configured —
 * credential names and whether each is stored, never a secret — saved, removed, tested,
 * exported and imported; secrets set into and deleted from the host's credential store.
 * Every change is logged with who made it; no secret is ever logged or sent back.
 */
export class SourceSettings {
  constructor(private readonly options: SourceSettingsOptions) {}

  async list(): Promise<SourceSettingsList> {
    const stored = await this.storedNames();
    return {
      sources: this.options.manager.entries().map((entry) => this.describe(entry, stored)),
      configOrigin: this.options.configOrigin,
      savedIn: this.options.savedIn,
      credentials: await this.protection(),
      storedCredentials: [...stored].sort(),
      kinds: this.options.kinds,
    };
  }

  async save(json: unknown, replaces: string | undefined, actor: string): Promise<{ saved: SourceSetting; sentence: string }> {
    const { saved, sentence } = await this.options.manager.save(json, replaces, actor);
    return { saved: this.describe(saved, await this.storedNames()), sentence };
  }

  remove(id: string, actor: string): Promise<{ sentence: string; reverted: boolean }> {
    return this.options.manager.remove(id, actor);
  }

  test(json: unknown): Promise<TestSourceResult> {
    return this.options.test(json);
  }

  async setCredential(name: string, secret: string, actor: string): Promise<{ name: string; sentence: string }> {
    const store = this.store();
    const parsedName = CredentialNameSchema.safeParse(name);
    if (!parsedName.success) throw new LockstepApiError('bad_request', `"${name.slice(0, 64)}" cannot name a credential: ${parsedName.error.issues[0]?.message}.`);
    const parsedSecret = CredentialSecretSchema.safeParse(secret);
    if (!parsedSecret.success) throw new LockstepApiError('bad_request', `The secret for "${name}" was not stored: ${parsedSecret.error.issues[0]?.message}.`);
    const protection = await this.protection();
    if (!protection.canStore) throw new LockstepApiError('unavailable', protection.sentence);
    try {
      await store.set(name, secret);
    } catch (error) {
      throw new LockstepApiError('unavailable', `The secret for "${name}" was not stored: ${describeError(error)}`);
    }
    this.options.log(`settings: ${actor} stored the credential "${name}"`);
    const users = this.usersOf(name);
    return { name, sentence: `Stored the secret for "${name}"${users.length ? `; ${users.join(', ')} sign${users.length === 1 ? 's' : ''} in with it from the next request` : ''}.` };
  }

  async deleteCredential(name: string, actor: string): Promise<{ name: string; sentence: string }> {
    const store = this.store();
    const deleted = await store.delete(name);
    if (!deleted) throw new LockstepApiError('not_found', `No secret is stored under "${name.slice(0, 64)}".`);
    this.options.log(`settings: ${actor} deleted the credential "${name}"`);
    const users = this.usersOf(name);
    return { name, sentence: `Deleted the secret "${name}"${users.length ? `; ${users.join(', ')} cannot sign in until one is stored again` : ''}.` };
  }

  /** The sources as JSON, credential names kept (each importer sets the secrets once), no secret in it. */
  export(): { fileName: string; text: string; count: number } {
    const entries = this.options.manager.entries();
    const credentials = [...new Set(entries.flatMap((e) => credentialNames(e)))].sort();
    const exportedAt = new Date((this.options.now ?? Date.now)()).toISOString();
    const document = { lockstepSourceSettings: 1, exportedAt, credentials, sources: entries.map((e) => e.json) };
    return { fileName: `lockstep-sources-${exportedAt.slice(0, 10)}.json`, text: `${JSON.stringify(document, null, 2)}\n`, count: entries.length };
  }

  async import(text: string, actor: string): Promise<{ sentence: string; added: string[]; updated: string[]; unchanged: string[]; credentialsToSet: string[] }> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new LockstepApiError('bad_request', `The file is not JSON (${describeError(error)}), so nothing was imported.`);
    }
    const parsed = ImportFileSchema.safeParse(json);
    if (!parsed.success) throw new LockstepApiError('bad_request', 'The file has no "sources" list: it is not a Lockstep source export or config file, so nothing was imported.');
    const result = await this.options.manager.import(parsed.data.sources, actor);
    const stored = await this.storedNames();
    const named = new Set(this.options.manager.entries().filter((e) => [...result.added, ...result.updated].includes(e.config.id)).flatMap(credentialNames));
    const credentialsToSet = [...named].filter((name) => !stored.has(name)).sort();
    const parts = [
      result.added.length ? `added ${result.added.join(', ')}` : '',
      result.updated.length ? `updated ${result.updated.join(', ')}` : '',
      result.unchanged.length ? `${result.unchanged.length} already as in the file` : '',
    ].filter(Boolean);
    const secrets = credentialsToSet.length ? ` Set the secret${credentialsToSet.length === 1 ? '' : 's'} for ${credentialsToSet.join(', ')} to let them sign in.` : '';
    return { sentence: `Imported: ${parts.join('; ')}.${secrets}`, ...result, credentialsToSet };
  }

  private describe(entry: CatalogEntry, stored: ReadonlySet<string>): SourceSetting {
    const problem = this.options.manager.problemOf(entry.config.id);
    return {
      id: entry.config.id,
      kind: entry.config.kind,
      name: entry.config.name,
      origin: entry.origin,
      config: entry.json,
      credentials: credentialNames(entry).map((name) => ({ name, set: stored.has(name) })),
      fromEnvironment: entry.environment,
      ...(problem ? { problem } : {}),
    };
  }

  private usersOf(name: string): string[] {
    return this.options.manager
      .entries()
      .filter((e) => credentialNames(e).includes(name))
      .map((e) => e.config.name);
  }

  private store() {
    const store = this.options.credentials;
    if (!isCredentialStore(store)) throw new LockstepApiError('unavailable', 'This console was started without a credential store, so secrets cannot be set here.');
    return store;
  }

  private async storedNames(): Promise<Set<string>> {
    const store = this.options.credentials;
    if (!isCredentialStore(store)) return new Set();
    try {
      return new Set(await store.names());
    } catch (error) {
      this.options.log(`settings: the stored credentials could not be listed: ${describeError(error)}`);
      return new Set();
    }
  }

  private async protection(): Promise<CredentialProtection> {
    const store = this.options.credentials;
    if (!isCredentialStore(store)) {
      return { kind: 'unavailable', canStore: false, sentence: 'This console was started without a credential store, so secrets cannot be set here; sources that sign in cannot be used.' };
    }
    return (await store.protection?.()) ?? { kind: 'key-file', canStore: true, sentence: 'Secrets are kept by this host, never sent to this window.' };
  }
}

/** The credential names a source signs in with. */
function credentialNames(entry: CatalogEntry): string[] {
  const auth = (entry.config as { auth?: { credential: string } }).auth;
  return auth ? [auth.credential] : [];
}
