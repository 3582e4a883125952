import { z } from 'zod';
import type { RawStore } from './settings';

/** How a data source authenticates. Read only in the main process; never sent to a renderer. */
export const CredentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('basic'), username: z.string().min(1), password: z.string() }),
  z.object({ kind: z.literal('bearer'), token: z.string().min(1) }),
  z.object({ kind: z.literal('header'), name: z.string().min(1), value: z.string() }),
]);
export type Credential = z.infer<typeof CredentialSchema>;

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
        '(GNOME Keyring / KWallet on Linux), then try again; until then, pass it per session instead.',
    );
    this.name = 'EncryptionUnavailableError';
  }
}

const StoredSchema = z.record(z.string(), z.string());

/** Ciphertexts keyed by source id, base64, in their own file apart from settings. */
export class CredentialStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly raw: RawStore,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private async assertEncryption(): Promise<void> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new EncryptionUnavailableError('the operating system offers no encryption key to this app');
    }
    // On Linux without a keyring Chromium falls back to a key hard-coded in its source.
    if (this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new EncryptionUnavailableError('no system keyring was found, so the only key available is a fixed, public one');
    }
  }

  private entries(): Record<string, string> {
    const parsed = StoredSchema.safeParse(this.raw.store);
    return parsed.success ? parsed.data : {};
  }

  async set(sourceId: string, credential: Credential): Promise<void> {
    const valid = CredentialSchema.parse(credential);
    await this.assertEncryption();
    const cipher = await this.safeStorage.encryptStringAsync(JSON.stringify(valid));
    this.raw.store = { ...this.entries(), [sourceId]: cipher.toString('base64') };
  }

  async get(sourceId: string): Promise<Credential | undefined> {
    const stored = this.entries()[sourceId];
    if (stored === undefined) return undefined;
    const { result, shouldReEncrypt } = await this.safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    let json: unknown;
    try {
      json = JSON.parse(result);
    } catch {
      throw new Error(`The saved credential for ${sourceId} is damaged; enter it again.`);
    }
    const credential = CredentialSchema.safeParse(json);
    if (!credential.success) throw new Error(`The saved credential for ${sourceId} is damaged; enter it again.`);
    // The keyring rotated its key: store it again under the new one.
    if (shouldReEncrypt) await this.set(sourceId, credential.data);
    return credential.data;
  }

  delete(sourceId: string): void {
    const { [sourceId]: _gone, ...rest } = this.entries();
    this.raw.store = rest;
  }

  ids(): string[] {
    return Object.keys(this.entries());
  }
}
