import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir } from '../../services/util/private-files';

/**
 * Where the console keeps its token, incidents and action journal when not in Electron:
 * made owner-only (0700) here, tightened if it already existed looser, before anything
 * is written in it.
 */
export function defaultDataDir(): string {
  const base = process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  const dir = process.env.LOCKSTEP_DATA_DIR || join(base, 'lockstep');
  ensurePrivateDir(dir);
  return dir;
}
