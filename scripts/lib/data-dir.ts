import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the console keeps its token, incidents and action journal when not in Electron. */
export function defaultDataDir(): string {
  if (process.env.LOCKSTEP_DATA_DIR) return process.env.LOCKSTEP_DATA_DIR;
  const base = process.env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state');
  return join(base, 'lockstep');
}
