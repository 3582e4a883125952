import { existsSync, readFileSync } from 'node:fs';
import { restrictPrivateFile, writePrivateFileAtomic } from '../util/private-files';

/**
 * Where this install's signing key is kept, as the JSON text install-key.ts makes. The host
 * chooses: the web host keeps an owner-only file (below), the desktop encrypts it with the
 * OS keyring (electron/settings/signing-key-store.ts). Either may refuse with an Error whose
 * message is the sentence to show.
 */
export interface SigningKeyStore {
  /** Where the key is, in words for messages: "the owner-only file /home/ana/.local/state/lockstep/signing-key.json". */
  readonly where: string;
  /** The stored text, or undefined when there is no key yet. */
  read(): Promise<string | undefined>;
  write(text: string): Promise<void>;
}

/** The key as an owner-only file (0600 in a 0700 folder, services/util/private-files.ts). */
export class PrivateFileKeyStore implements SigningKeyStore {
  readonly where: string;

  constructor(readonly path: string) {
    this.where = `the owner-only file ${path}`;
  }

  async read(): Promise<string | undefined> {
    if (!existsSync(this.path)) return undefined;
    restrictPrivateFile(this.path);
    return readFileSync(this.path, 'utf8');
  }

  async write(text: string): Promise<void> {
    writePrivateFileAtomic(this.path, text);
  }
}
