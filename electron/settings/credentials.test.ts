import { describe, expect, it } from 'vitest';
import { EncryptionUnavailableError, SafeStorageCredentialStore } from './credentials';
import type { RawStore } from './settings';
import { fakeSafeStorage } from './testdata/fake-safe-storage';

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

const token = 'glsa_super_secret_token';

describe('SafeStorageCredentialStore', () => {
  it('stores only ciphertext by name and reads the secret back', async () => {
    const { storage } = fakeSafeStorage();
    const raw = memoryStore();
    const store = new SafeStorageCredentialStore(storage, raw, 'linux');
    await store.set('prom-token', token);
    expect(JSON.stringify(raw.data)).not.toContain('super_secret');
    expect(await store.get('prom-token')).toBe(token);
    expect(await store.get('other')).toBeUndefined();
    expect(await store.get('constructor')).toBeUndefined();
    expect(await store.names()).toEqual(['prom-token']);
    expect(await store.delete('prom-token')).toBe(true);
    expect(await store.delete('prom-token')).toBe(false);
    expect(await store.names()).toEqual([]);
  });

  it('refuses to store when the OS offers no encryption, and says why', async () => {
    const raw = memoryStore();
    const store = new SafeStorageCredentialStore(fakeSafeStorage({ available: false }).storage, raw, 'win32');
    await expect(store.set('prom', token)).rejects.toBeInstanceOf(EncryptionUnavailableError);
    await expect(store.set('prom', token)).rejects.toThrow(/readable by anything/);
    expect(raw.data).toEqual({});
  });

  it('tells Settings plainly when the OS offers no encryption, instead of pretending', async () => {
    const unavailable = await new SafeStorageCredentialStore(fakeSafeStorage({ available: false }).storage, memoryStore(), 'win32').protection();
    expect(unavailable).toEqual({ kind: 'unavailable', canStore: false, sentence: expect.stringMatching(/^Lockstep will not save this credential: the operating system offers no encryption key to this app/) });
    const basicText = await new SafeStorageCredentialStore(fakeSafeStorage({ backend: 'basic_text' }).storage, memoryStore(), 'linux').protection();
    expect(basicText).toMatchObject({ kind: 'unavailable', canStore: false, sentence: expect.stringContaining('no system keyring was found') });
    const keyring = await new SafeStorageCredentialStore(fakeSafeStorage().storage, memoryStore(), 'linux').protection();
    expect(keyring).toMatchObject({ kind: 'os-keyring', canStore: true, sentence: expect.stringContaining('never sent to this window') });
  });

  it('refuses Linux basic_text, whose key is public', async () => {
    const store = new SafeStorageCredentialStore(fakeSafeStorage({ backend: 'basic_text' }).storage, memoryStore(), 'linux');
    await expect(store.set('prom', token)).rejects.toThrow(/no system keyring/);
  });

  it('re-encrypts when the keyring says the key rotated', async () => {
    const { storage, encrypted } = fakeSafeStorage({ rotate: true });
    const store = new SafeStorageCredentialStore(storage, memoryStore(), 'darwin');
    await store.set('am', 'pw');
    expect(await store.get('am')).toBe('pw');
    expect(encrypted).toEqual(['pw', 'pw']);
  });

  it('rejects a bad name or an unusable secret before encrypting it', async () => {
    const { storage, encrypted } = fakeSafeStorage();
    const store = new SafeStorageCredentialStore(storage, memoryStore(), 'linux');
    await expect(store.set('x', '')).rejects.toThrow();
    await expect(store.set('x', 'a\r\nb')).rejects.toThrow(/line break/);
    await expect(store.set('../x', 'a')).rejects.toThrow(/credential names/);
    expect(encrypted).toEqual([]);
  });

  it('says how to store a credential again when the keyring cannot decrypt it', async () => {
    const raw = memoryStore();
    raw.store = { prom: Buffer.from('garbage').toString('base64') };
    const store = new SafeStorageCredentialStore(fakeSafeStorage().storage, raw, 'linux');
    await expect(store.get('prom')).rejects.toThrow(/"prom" cannot be decrypted.*lockstep --store-credential prom/);
    expect(store.howToAdd('prom')).toMatch(/^lockstep --store-credential prom /);
  });
});
