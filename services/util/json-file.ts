import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import { writePrivateFileAtomic } from './private-files';
import { describeError } from './errors';

/**
 * Durable JSON state: replaced atomically (a crash leaves the old or the new state, never
 * half of one), owner-only like everything in the data folder.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  writePrivateFileAtomic(path, JSON.stringify(value));
}

/** Reads and validates; a missing file is `fallback`, a corrupt one is reported and kept aside. */
export function readJson<S extends z.ZodType>(
  path: string,
  schema: S,
  fallback: z.output<S>,
  onCorrupt: (message: string) => void,
): z.output<S> {
  if (!existsSync(path)) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data;
    onCorrupt(`${path} does not hold valid state (${parsed.error.issues[0]?.message ?? 'invalid'}); starting empty`);
  } catch (error) {
    onCorrupt(`${path} could not be read (${describeError(error)}); starting empty`);
  }
  renameSync(path, `${path}.corrupt-${Date.now()}`);
  return fallback;
}
