import { resolve } from 'node:path';
import type { SettingsStore } from '../../services/settings/settings-store';
import type { Settings } from './settings';
import { describeError } from '../../services/util/errors';

/**
 * Called once the config named by LOCKSTEP_CONFIG has loaded and validated: the desk
 * remembers it, so the next launch from the dock, the start menu or a notification —
 * where nobody sets environment variables — opens the same fleet instead of the demo.
 * Stored absolute, since those launches start in another folder. A config that failed
 * to load is never remembered (start-up stops before this), nothing is written when the
 * path is already saved, and a settings file that cannot be written is logged, not fatal.
 */
export function rememberConfigPath(
  settings: SettingsStore<Settings>,
  env: NodeJS.ProcessEnv,
  log: (message: string) => void,
  cwd: string = process.cwd(),
): string | undefined {
  const fromEnv = env.LOCKSTEP_CONFIG?.trim();
  if (!fromEnv) return undefined;
  const absolute = resolve(cwd, fromEnv);
  try {
    if (settings.read().configPath === absolute) return undefined;
    settings.update({ configPath: absolute });
  } catch (error) {
    log(`Could not remember the config ${absolute}: ${describeError(error)}`);
    return undefined;
  }
  log(`Remembered ${absolute}: the next launch opens it without LOCKSTEP_CONFIG.`);
  return absolute;
}
