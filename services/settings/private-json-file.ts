import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writePrivateFileAtomic } from '../util/private-files';
import type { DocumentStore } from './document-store';
import { describeError } from '../util/errors';

/**
 * A JSON document only its owner may read: mode 0600 in a folder of mode 0700 (the folder
 * is Lockstep's own, so it is tightened even if it existed). Written to a temp file,
 * fsynced and renamed, so a crash leaves the old or the new document, never half of one.
 * A file that is not a JSON object is moved aside, not wiped, so someone can still see
 * what was in it. (Windows ignores these modes; there the user profile's ACL applies.)
 */
export class PrivateJsonFile implements DocumentStore {
  constructor(
    readonly path: string,
    private readonly warn: (message: string) => void = (m) => console.warn(`[lockstep] ${m}`),
    private readonly now: () => number = Date.now,
  ) {}

  get store(): Record<string, unknown> {
    if (!existsSync(this.path)) return {};
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (error) {
      return this.moveAside(describeError(error));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.moveAside('it does not hold a JSON object');
    return value as Record<string, unknown>;
  }

  set store(value: Record<string, unknown>) {
    writePrivateFileAtomic(this.path, `${JSON.stringify(value, null, 2)}\n`);
  }

  private moveAside(why: string): Record<string, unknown> {
    const aside = `${this.path}.corrupt-${this.now()}`;
    renameSync(this.path, aside);
    this.warn(`${this.path} was not readable (${why}); it was moved to ${aside} and an empty one is used.`);
    return {};
  }
}
