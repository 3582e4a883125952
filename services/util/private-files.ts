import { appendFileSync, chmodSync, closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * What Lockstep keeps on disk (the web access token, incidents, the action journal) is
 * for the person who runs it alone: the folder is owner-only (0700) and every file in it
 * owner read/write (0600). Modes given at creation do not change files or folders that
 * already exist, so each helper also tightens what it finds looser.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Creates `dir` (and missing parents) owner-only, and tightens it if it already existed looser. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (modeOf(dir) === PRIVATE_DIR_MODE) return;
  try {
    chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`Lockstep keeps private data in ${dir} but cannot make that folder owner-only (${code}); choose a data folder of your own.`, { cause: error });
  }
}

/** Tightens a file Lockstep keeps to owner read/write; a file that is not there yet is fine. */
export function restrictPrivateFile(file: string): void {
  let mode: number;
  try {
    mode = modeOf(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (mode !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Opens `file` to write ('w') or append ('a'), owner-only even when it already existed looser. */
export function openPrivate(file: string, flags: 'w' | 'a'): number {
  const fd = openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * Replaces `file` with `text`: written to an owner-only temp file, fsynced, then renamed
 * over the old one, so a crash leaves either the old or the new content, never half.
 */
export function writePrivateFileAtomic(file: string, text: string): void {
  ensurePrivateDir(dirname(file));
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openPrivate(tmp, 'w');
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Appends `text` and fsyncs it, so a record is on disk before the caller goes on. */
export function appendPrivateFile(file: string, text: string): void {
  ensurePrivateDir(dirname(file));
  const fd = openPrivate(file, 'a');
  try {
    appendFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
