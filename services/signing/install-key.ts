import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { z } from 'zod';
import type { IncidentFileSigner } from '../../shared/incident-file/seal';
import { PrivateFileKeyStore, type SigningKeyStore } from './key-store';

const StoredKeySchema = z.object({
  alg: z.literal('Ed25519'),
  /** Raw 32-byte public key, base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** PKCS#8 DER, base64. */
  privateKey: z.string().min(40).max(200),
  createdAt: z.number(),
});

interface LoadedKey {
  publicKey: Uint8Array;
  privateKey: KeyObject;
}

/**
 * This install's Ed25519 key pair, which signs every incident file it exports. Made the
 * first time it is needed and kept where the host says (key-store.ts): an owner-only file
 * on the web host, encrypted with the OS keyring on the desktop. Whoever can read the key
 * can sign as this console, which is the same trust as reading its incidents.
 */
export class InstallSigningKey {
  private loading?: Promise<LoadedKey>;
  private loaded?: LoadedKey;
  readonly store: SigningKeyStore;

  /** A path means the owner-only file (the web host's store). */
  constructor(
    store: SigningKeyStore | string,
    private readonly now: () => number = Date.now,
  ) {
    this.store = typeof store === 'string' ? new PrivateFileKeyStore(store) : store;
  }

  /** The raw public key, base64: what another console adds to its `trustedSigners`. */
  async publicKeyBase64(): Promise<string> {
    return Buffer.from((await this.key()).publicKey).toString('base64');
  }

  /**
   * This console as an entry of the session's trusted signers, answered at once from the key
   * loaded so far: none before the first load or while the store refuses (nothing it signs then).
   */
  selfAsTrustedSigner(): { name: string; publicKey: string }[] {
    return this.loaded ? [{ name: 'this console', publicKey: Buffer.from(this.loaded.publicKey).toString('base64') }] : [];
  }

  /** First 16 hex of SHA-256 of the raw public key, grouped by four (as shared/incident-file/web-crypto.ts computes it). */
  async fingerprint(): Promise<string> {
    return createHash('sha256').update((await this.key()).publicKey).digest('hex').slice(0, 16).match(/.{4}/g)!.join(':');
  }

  async signer(): Promise<IncidentFileSigner> {
    const { publicKey, privateKey } = await this.key();
    return { publicKey, sign: async (data) => new Uint8Array(sign(null, data, privateKey)) };
  }

  /**
   * Loads or makes the key once. A refusal is not remembered: the store may accept later
   * (a keyring unlocked after the app started), so the next export asks again.
   */
  private key(): Promise<LoadedKey> {
    this.loading ??= this.readOrCreate().then(
      (key) => (this.loaded = key),
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  private async readOrCreate(): Promise<LoadedKey> {
    const text = await this.store.read();
    return text === undefined ? this.create() : this.parse(text);
  }

  private parse(text: string): LoadedKey {
    try {
      const stored = StoredKeySchema.parse(JSON.parse(text));
      const privateKey = createPrivateKey({ key: Buffer.from(stored.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
      return { publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64')), privateKey };
    } catch (error) {
      // Not replaced silently: files this install signed before would stop verifying.
      throw new Error(`The signing key in ${this.store.where} cannot be read (${error instanceof Error ? error.message : String(error)}); move it aside to make a new key.`, { cause: error });
    }
  }

  private async create(): Promise<LoadedKey> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // The raw key is the last 32 bytes of the SPKI DER encoding.
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
    const stored = {
      alg: 'Ed25519',
      publicKey: Buffer.from(raw).toString('base64'),
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      createdAt: this.now(),
    };
    await this.store.write(`${JSON.stringify(stored, null, 2)}\n`);
    return { publicKey: raw, privateKey };
  }
}
