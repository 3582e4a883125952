import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SigningKeyStore } from '../../services/signing/key-store';
import { restrictPrivateFile, writePrivateFileAtomic } from '../../services/util/private-files';
import { safeStorageProblem, type SafeStorageLike } from './credentials';

/** The encrypted file: safeStorage's ciphertext as base64 on one line. */
const CipherTextSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]+=*$/, 'it is not base64 ciphertext')
  .max(16_384, 'it is far longer than a key');

/**
 * The desktop's signing key, encrypted at rest with the OS keyring through safeStorage, as
 * the credentials are (credentials.ts): `signing-key.enc` in the app's data folder, still
 * owner-only. A key an earlier version left in plain `signing-key.json` is moved in on first
 * use (read, encrypt, write, read back, remove the plain one). Where safeStorage has no real
 * key, the key is neither made nor read and exports are refused with the reason, the way
 * credentials are refused; a plain key file is then left where it is for later.
 */
export class SafeStorageSigningKeyStore implements SigningKeyStore {
  readonly where: string;
  readonly encryptedPath: string;
  readonly plainPath: string;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    dataDir: string,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.encryptedPath = join(dataDir, 'signing-key.enc');
    this.plainPath = join(dataDir, 'signing-key.json');
    this.where = `the keyring-encrypted file ${this.encryptedPath}`;
  }

  async read(): Promise<string | undefined> {
    await this.assertEncryption();
    if (existsSync(this.encryptedPath)) {
      const text = await this.decryptFile();
      // A migration cut short after writing: the plain copy is the same key, so it goes now.
      if (existsSync(this.plainPath) && readFileSync(this.plainPath, 'utf8') === text) unlinkSync(this.plainPath);
      return text;
    }
    if (!existsSync(this.plainPath)) return undefined;
    const plain = readFileSync(this.plainPath, 'utf8');
    await this.write(plain);
    // Removed only once the encrypted copy reads back as the same key.
    if ((await this.decryptFile()) !== plain) throw new Error(`The signing key was encrypted into ${this.encryptedPath} but does not read back the same, so the plain ${this.plainPath} was kept; remove ${this.encryptedPath} and start Lockstep again.`);
    unlinkSync(this.plainPath);
    return plain;
  }

  async write(text: string): Promise<void> {
    await this.assertEncryption();
    const cipher = await this.safeStorage.encryptStringAsync(text);
    writePrivateFileAtomic(this.encryptedPath, `${cipher.toString('base64')}\n`);
  }

  private async decryptFile(): Promise<string> {
    restrictPrivateFile(this.encryptedPath);
    const parsed = CipherTextSchema.safeParse(readFileSync(this.encryptedPath, 'utf8'));
    if (!parsed.success) throw new Error(`The signing key in ${this.encryptedPath} cannot be read (${parsed.error.issues[0]?.message ?? 'damaged'}); move that file aside to make a new key.`);
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.safeStorage.decryptStringAsync(Buffer.from(parsed.data, 'base64'));
    } catch {
      throw new Error(
        `The signing key in ${this.encryptedPath} cannot be decrypted (the system keyring changed?); move that file aside to make a new key, and give colleagues its public key again (files signed before will show an unknown signer).`,
      );
    }
    // The keyring rotated its key: kept under the new one.
    if (decrypted.shouldReEncrypt) await this.write(decrypted.result);
    return decrypted.result;
  }

  private async assertEncryption(): Promise<void> {
    const problem = await safeStorageProblem(this.safeStorage, this.platform);
    if (!problem) return;
    const plainKept = existsSync(this.plainPath) ? ` The existing key stays unread in ${this.plainPath} until then.` : '';
    throw new Error(
      `Lockstep will not keep its signing key unencrypted: ${problem}. Incident files cannot be signed, so exporting is refused; unlock or install your system keyring (GNOME Keyring / KWallet on Linux) and export again.${plainKept}`,
    );
  }
}
