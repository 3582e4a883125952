import { CredentialNameSchema, CredentialSecretSchema, type CredentialStore } from '../../services/settings/credentials';
import { z } from 'zod';
import type { CredentialProtection } from '../../shared';
import type { RawStore } from './settings';

/** Electron's `safeStorage`, as far as this module needs it (async API, Electron ≥ 39). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

export class EncryptionUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `Lockstep will not save this credential: ${reason}. Saving it anyway would leave a password ` +
        'readable by anything that can read your home folder. Unlock or install your system keyring ' +
        '(GNOME Keyring / KWallet on Linux), then try again.',
    );
    this.name = 'EncryptionUnavailableError';
  }
}

const StoredSchema = z.record(z.string(), z.string());

/**
 * Why safeStorage cannot keep a secret safe here, or undefined when it can; shared with the
 * signing key's store (signing-key-store.ts), which refuses in the same cases.
 */
export async function safeStorageProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | undefined> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'the operating system offers no encryption key to this app';
  // On Linux without a keyring Chromium falls back to a key hard-coded in its source.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'no system keyring was found, so the only key available is a fixed, public one';
  return undefined;
}

/**
 * The desk's credentials: each secret encrypted with the OS keyring's key through
 * safeStorage, ciphertexts (base64) by name in their own file apart from settings. Read
 * only in the main process, per request by the sources that name them; never sent to a
 * renderer.
 */
export class SafeStorageCredentialStore implements CredentialStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly raw: RawStore,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  howToAdd(name: string): string {
    return `lockstep --store-credential ${name} (the secret is read from standard input)`;
  }

  async set(name: string, secret: string): Promise<void> {
    CredentialNameSchema.parse(name);
    CredentialSecretSchema.parse(secret);
    await this.assertEncryption();
    const cipher = await this.safeStorage.encryptStringAsync(secret);
    this.raw.store = { ...this.entries(), [name]: cipher.toString('base64') };
  }

  async get(name: string): Promise<string | undefined> {
    const entries = this.entries();
    // Own keys only: "constructor" is a valid name and must not find Object's.
    if (!Object.hasOwn(entries, name)) return undefined;
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.safeStorage.decryptStringAsync(Buffer.from(entries[name]!, 'base64'));
    } catch {
      throw new Error(`the stored credential "${name}" cannot be decrypted (the system keyring changed?); store it again with ${this.howToAdd(name)}`);
    }
    // The keyring rotated its key: store it again under the new one.
    if (decrypted.shouldReEncrypt) await this.set(name, decrypted.result);
    return decrypted.result;
  }

  async delete(name: string): Promise<boolean> {
    const entries = this.entries();
    if (!Object.hasOwn(entries, name)) return false;
    const { [name]: _gone, ...rest } = entries;
    this.raw.store = rest;
    return true;
  }

  async names(): Promise<string[]> {
    return Object.keys(this.entries()).sort();
  }

  /** Said in Settings, including when the OS offers no key: secrets are then refused, never kept in plain text. */
  async protection(): Promise<CredentialProtection> {
    try {
      await this.assertEncryption();
    } catch (error) {
      if (!(error instanceof EncryptionUnavailableError)) throw error;
      return { kind: 'unavailable', canStore: false, sentence: error.message };
    }
    return {
      kind: 'os-keyring',
      canStore: true,
      sentence:
        "Secrets are encrypted with your operating system's keychain (safeStorage: Keychain on macOS, DPAPI on Windows, the Secret Service keyring on Linux) and kept only in this app's data folder; " +
        'they are decrypted in the main process for each request and never sent to this window. Anything running as you while you are logged in can ask the keychain too.',
    };
  }

  private async assertEncryption(): Promise<void> {
    const problem = await safeStorageProblem(this.safeStorage, this.platform);
    if (problem) throw new EncryptionUnavailableError(problem);
  }

  private entries(): Record<string, string> {
    const parsed = StoredSchema.safeParse(this.raw.store);
    return parsed.success ? parsed.data : {};
  }
}
