import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CredentialProtection } from '../../shared';
import { CredentialNameSchema, CredentialSecretSchema, type CredentialStore } from './credentials';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../util/private-files';
import { PrivateJsonFile } from './private-json-file';

/**
 * The web host's credentials: `credentials.json` holds each secret encrypted with
 * AES-256-GCM under a random key kept in its own file, `credentials.key`; both are 0600 in
 * a 0700 folder.
 *
 * What this protects against: casual reading (a `cat`, a screen share, a support bundle)
 * and a backup or sync that copies the JSON without the key. What it does not: anyone
 * running as the same user, who can read the key as easily as the console can. A plain
 * Node process has no OS keyring to ask; the desktop app uses Electron's safeStorage for
 * that (electron/settings/credentials.ts).
 */
export class FileCredentialStore implements CredentialStore {
  private readonly file: PrivateJsonFile;
  private readonly keyPath: string;

  constructor(
    readonly dir: string,
    private readonly howTo: (name: string) => string = (name) => `npm run credentials -- set ${name}`,
    warn?: (message: string) => void,
  ) {
    this.file = new PrivateJsonFile(join(dir, 'credentials.json'), warn);
    this.keyPath = join(dir, 'credentials.key');
  }

  howToAdd(name: string): string {
    return this.howTo(name);
  }

  async get(name: string): Promise<string | undefined> {
    const entries = this.entries();
    // Own keys only: "constructor" is a valid name and must not find Object's.
    const entry = Object.hasOwn(entries, name) ? entries[name] : undefined;
    if (!entry) return undefined;
    const key = this.readKey();
    if (!key) throw new Error(`the key file ${this.keyPath} is missing, so the stored credential "${name}" cannot be decrypted; store it again with ${this.howTo(name)}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(entry.iv, 'base64'));
      decipher.setAAD(aad(name));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`the stored credential "${name}" cannot be decrypted (damaged, or ${this.keyPath} was replaced); store it again with ${this.howTo(name)}`);
    }
  }

  async set(name: string, secret: string): Promise<void> {
    CredentialNameSchema.parse(name);
    CredentialSecretSchema.parse(secret);
    const key = this.readKey() ?? this.createKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(name));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const entry: Entry = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    this.file.store = { version: 1, credentials: { ...this.entries(), [name]: entry } };
  }

  async delete(name: string): Promise<boolean> {
    const entries = this.entries();
    if (!Object.hasOwn(entries, name)) return false;
    const { [name]: _gone, ...rest } = entries;
    this.file.store = { version: 1, credentials: rest };
    return true;
  }

  async names(): Promise<string[]> {
    return Object.keys(this.entries()).sort();
  }

  async protection(): Promise<CredentialProtection> {
    return {
      kind: 'key-file',
      canStore: true,
      sentence:
        `Secrets are kept encrypted (AES-256-GCM) in ${this.file.path}, with the key in ${this.keyPath} beside it; both are readable only by you. ` +
        'This protects a copied or backed-up credentials file without its key file. It does not protect against anyone who can read both files: this user account, or root.',
    };
  }

  private entries(): Record<string, Entry> {
    const parsed = DocumentSchema.safeParse(this.file.store);
    return parsed.success ? parsed.data.credentials : {};
  }

  private readKey(): Buffer | undefined {
    if (!existsSync(this.keyPath)) return undefined;
    const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${this.keyPath} is not a Lockstep key (expected 32 bytes in base64)`);
    return key;
  }

  private createKey(): Buffer {
    ensurePrivateDir(this.dir);
    const key = randomBytes(32);
    try {
      // 'wx': two processes storing their first credential at once must not each write a key.
      writeFileSync(this.keyPath, `${key.toString('base64')}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return this.readKey()!;
      throw error;
    }
  }
}

/** The web host's store, under its data dir (`LOCKSTEP_DATA_DIR`, by default ~/.local/state/lockstep). */
export function openFileCredentialStore(dataDir: string, warn?: (message: string) => void): FileCredentialStore {
  return new FileCredentialStore(join(dataDir, 'credentials'), undefined, warn);
}

/** Binds each ciphertext to its name, so entries swapped in the file fail to decrypt. */
function aad(name: string): Buffer {
  return Buffer.from(`lockstep-credential:${name}`, 'utf8');
}

const EntrySchema = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
type Entry = z.infer<typeof EntrySchema>;
const DocumentSchema = z.object({ version: z.literal(1), credentials: z.record(z.string(), EntrySchema) });
