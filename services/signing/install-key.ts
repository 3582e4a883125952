import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { IncidentFileSigner } from '../../shared/incident-file/seal';
import { writePrivateFileAtomic, restrictPrivateFile } from '../util/private-files';

const StoredKeySchema = z.object({
  alg: z.literal('Ed25519'),
  /** Raw 32-byte public key, base64. */
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  /** PKCS#8 DER, base64. */
  privateKey: z.string().min(40).max(200),
  createdAt: z.number(),
});

/**
 * This install's Ed25519 key pair, which signs every incident file it exports. Made the
 * first time it is needed and kept in the data folder as an owner-only file (0600 in a 0700
 * folder, services/util/private-files.ts), like the other private state. Whoever can read
 * that file can sign as this console, which is the same trust as reading its incidents.
 */
export class InstallSigningKey {
  private loaded?: { publicKey: Uint8Array; privateKey: KeyObject };

  constructor(
    readonly path: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The raw public key, base64: what another console adds to its `trustedSigners`. */
  publicKeyBase64(): string {
    return Buffer.from(this.key().publicKey).toString('base64');
  }

  /** First 16 hex of SHA-256 of the raw public key, grouped by four (as shared/incident-file/web-crypto.ts computes it). */
  fingerprint(): string {
    return createHash('sha256').update(this.key().publicKey).digest('hex').slice(0, 16).match(/.{4}/g)!.join(':');
  }

  signer(): IncidentFileSigner {
    const { publicKey, privateKey } = this.key();
    return { publicKey, sign: async (data) => new Uint8Array(sign(null, data, privateKey)) };
  }

  private key(): { publicKey: Uint8Array; privateKey: KeyObject } {
    this.loaded ??= existsSync(this.path) ? this.read() : this.create();
    return this.loaded;
  }

  private read(): { publicKey: Uint8Array; privateKey: KeyObject } {
    restrictPrivateFile(this.path);
    let stored: z.infer<typeof StoredKeySchema>;
    try {
      stored = StoredKeySchema.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch (error) {
      // Not replaced silently: files this install signed before would stop verifying.
      throw new Error(`The signing key in ${this.path} cannot be read (${error instanceof Error ? error.message : String(error)}); move that file aside to make a new key.`, { cause: error });
    }
    const privateKey = createPrivateKey({ key: Buffer.from(stored.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    return { publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64')), privateKey };
  }

  private create(): { publicKey: Uint8Array; privateKey: KeyObject } {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    // The raw key is the last 32 bytes of the SPKI DER encoding.
    const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32));
    const stored = {
      alg: 'Ed25519',
      publicKey: Buffer.from(raw).toString('base64'),
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      createdAt: this.now(),
    };
    writePrivateFileAtomic(this.path, `${JSON.stringify(stored, null, 2)}\n`);
    return { publicKey: raw, privateKey };
  }
}
