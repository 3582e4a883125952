import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { RawStore } from './settings';

export interface StoreOptions {
  name: string;
  cwd: string;
  clearInvalidConfig: boolean;
}

/**
 * Opens a JSON store (electron-store in the app, conf in tests). A file that is not valid
 * JSON is moved aside, not silently wiped, so someone can still see what was in it.
 */
export function openStore(
  create: (options: StoreOptions) => RawStore,
  name: string,
  cwd: string,
  warn: (message: string) => void = (m) => console.warn(`[lockstep] ${m}`),
  now: () => number = Date.now,
): RawStore {
  try {
    return create({ name, cwd, clearInvalidConfig: false });
  } catch (error) {
    const file = join(cwd, `${name}.json`);
    const aside = join(cwd, `${name}.corrupt-${now()}.json`);
    if (existsSync(file)) renameSync(file, aside);
    warn(`${file} was not readable (${String(error)}); it was moved to ${aside} and defaults are used.`);
    return create({ name, cwd, clearInvalidConfig: true });
  }
}
