import { describe, expect, it } from 'vitest';
import { type Credential, CredentialStore, EncryptionUnavailableError, type SafeStorageLike } from './credentials';
import type { RawStore } from './settings';

/** Shaped like Electron's safeStorage; "encrypts" reversibly so the test can see what is stored. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; rotate?: boolean } = {}) {
  const encrypted: string[] = [];
  const storage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain) => {
      encrypted.push(plain);
      return Buffer.from(`v1:${[...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a).join(',')}`);
    },
    decryptStringAsync: async (cipher) => {
      const text = cipher.toString('utf8');
      if (!text.startsWith('v1:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      const bytes = text.slice(3).split(',').map((n) => Number(n) ^ 0x5a);
      return { result: Buffer.from(bytes).toString('utf8'), shouldReEncrypt: options.rotate ?? false };
    },
  };
  return { storage, encrypted };
}

function memoryStore(): RawStore & { data: Record<string, unknown> } {
  const box = { data: {} as Record<string, unknown> };
  return {
    get data() {
      return box.data;
    },
    get store() {
      return structuredClone(box.data);
    },
    set store(value) {
      box.data = structuredClone(value);
    },
  };
}

const token: Credential = { kind: 'bearer', token: 'glsa_super_secret_token' };

describe('CredentialStore', () => {
  it('stores only ciphertext and reads the credential back', async () => {
    const { storage } = fakeSafeStorage();
    const raw = memoryStore();
    const store = new CredentialStore(storage, raw, 'linux');
    await store.set('prom', token);
    expect(JSON.stringify(raw.data)).not.toContain('super_secret');
    expect(await store.get('prom')).toEqual(token);
    expect(await store.get('other')).toBeUndefined();
    expect(store.ids()).toEqual(['prom']);
    store.delete('prom');
    expect(store.ids()).toEqual([]);
  });

  it('refuses to store when the OS offers no encryption, and says why', async () => {
    const raw = memoryStore();
    const store = new CredentialStore(fakeSafeStorage({ available: false }).storage, raw, 'win32');
    await expect(store.set('prom', token)).rejects.toBeInstanceOf(EncryptionUnavailableError);
    await expect(store.set('prom', token)).rejects.toThrow(/readable by anything/);
    expect(raw.data).toEqual({});
  });

  it('refuses Linux basic_text, whose key is public', async () => {
    const store = new CredentialStore(fakeSafeStorage({ backend: 'basic_text' }).storage, memoryStore(), 'linux');
    await expect(store.set('prom', token)).rejects.toThrow(/no system keyring/);
  });

  it('re-encrypts when the keyring says the key rotated', async () => {
    const { storage, encrypted } = fakeSafeStorage({ rotate: true });
    const store = new CredentialStore(storage, memoryStore(), 'darwin');
    await store.set('am', { kind: 'basic', username: 'oncall', password: 'pw' });
    expect(await store.get('am')).toEqual({ kind: 'basic', username: 'oncall', password: 'pw' });
    expect(encrypted).toHaveLength(2);
  });

  it('rejects a credential of the wrong shape before encrypting it', async () => {
    const { storage, encrypted } = fakeSafeStorage();
    const store = new CredentialStore(storage, memoryStore(), 'linux');
    await expect(store.set('x', { kind: 'bearer', token: '' })).rejects.toThrow();
    expect(encrypted).toEqual([]);
  });
});
