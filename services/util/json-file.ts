import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

/**
 * Durable JSON state: written to a temp file, fsynced, then renamed over the old one,
 * so a crash leaves either the old or the new state, never half of one.
 */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, JSON.stringify(value));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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
    onCorrupt(`${path} could not be read (${error instanceof Error ? error.message : String(error)}); starting empty`);
  }
  renameSync(path, `${path}.corrupt-${Date.now()}`);
  return fallback;
}
