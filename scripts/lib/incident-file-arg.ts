import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MAX_INCIDENT_FILE_BYTES } from '../../shared/api/bundle';

export type IncidentFileArg = { ok: true; name: string; path: string; bytes: Uint8Array } | { ok: false; problem: string };

const MB = 1_000_000;

/**
 * Reads the incident file named on the command line: a regular file, no larger than any
 * incident file may be (checked on the open descriptor before reading, so a file swapped
 * after the check is still bounded), read whole. Every failure is one sentence.
 */
export function readIncidentFileArg(raw: string | undefined, cwd = process.cwd()): IncidentFileArg {
  if (!raw?.trim()) return { ok: false, problem: 'Name the incident file to open: npm run open -- path/to/incident.lockstep.json' };
  const path = resolve(cwd, raw);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' || code === 'EPERM' ? 'you may not read it' : code === 'EISDIR' ? 'it is a folder' : `the system said ${code ?? String(error)}`;
    return { ok: false, problem: `Cannot open the incident file ${path}: ${why}.` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: `Cannot open the incident file ${path}: it is not a regular file.` };
    if (stat.size > MAX_INCIDENT_FILE_BYTES) {
      return { ok: false, problem: `${path} is ${Math.ceil(stat.size / MB)} MB; Lockstep opens incident files up to ${MAX_INCIDENT_FILE_BYTES / MB} MB, so it was not read.` };
    }
    if (stat.size === 0) return { ok: false, problem: `${path} is empty: it is not an incident file.` };
    const bytes = new Uint8Array(stat.size);
    let at = 0;
    while (at < bytes.length) {
      const read = readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) break;
      at += read;
    }
    return { ok: true, name: basename(path), path, bytes: bytes.subarray(0, at) };
  } catch (error) {
    return { ok: false, problem: `Cannot read the incident file ${path}: ${(error as Error).message}.` };
  } finally {
    closeSync(fd);
  }
}
