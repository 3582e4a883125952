import type { SafeStorageLike } from '../credentials';

/**
 * Shaped like Electron's safeStorage; "encrypts" reversibly so a test can see what is stored
 * and that no plain text reaches the disk. `available: false` or `backend: 'basic_text'`
 * are the cases where the real one offers no real key.
 */
export function fakeSafeStorage(options: { available?: boolean; backend?: string; rotate?: boolean } = {}) {
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
