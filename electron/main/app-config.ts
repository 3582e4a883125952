import { readFile, stat } from 'node:fs/promises';
import type { AppliedOverride } from '../../services/config/env-overrides';
import { type LockstepConfig, LockstepConfigSchema } from '../../services/config/sources';
import { validateConfigJson } from '../../services/config/validate-config';

/** The embedded demo fleet: what `npm start` shows with nothing installed. */
export const DEMO_CONFIG: LockstepConfig = LockstepConfigSchema.parse({
  mode: 'demo',
  sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet' }],
});

const MAX_CONFIG_BYTES = 1024 * 1024;

export interface ConfigChoice {
  config: LockstepConfig;
  /** Where it came from, for the log and the error dialog. */
  origin: string;
  /** The environment variables that changed it (LOCKSTEP_SOURCE_<ID>_URL, …), shown in Settings. */
  environment: AppliedOverride[];
}

/**
 * LOCKSTEP_CONFIG wins over the saved setting; with neither, the demo runs. A config
 * file that is named but broken is an error, never a silent fall-back to the demo: an
 * on-call must not mistake demo data for their fleet.
 */
export async function resolveAppConfig(env: NodeJS.ProcessEnv, settingsPath: string | undefined): Promise<ConfigChoice> {
  const fromEnv = env.LOCKSTEP_CONFIG?.trim();
  const path = fromEnv || settingsPath;
  if (!path) return { ...validateConfigJson(DEMO_CONFIG, 'of the embedded demo fleet', env), origin: 'the embedded demo fleet' };
  const origin = fromEnv ? `${path} (from LOCKSTEP_CONFIG)` : `${path} (from settings)`;
  return { ...(await readConfigFile(path, origin, env)), origin };
}

/** The file, with the environment's overrides applied (services/config/env-overrides.ts), validated. */
export async function readConfigFile(path: string, origin = path, env: NodeJS.ProcessEnv = {}): Promise<{ config: LockstepConfig; environment: AppliedOverride[] }> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_CONFIG_BYTES) throw new Error(`it is ${size} bytes; a Lockstep config is at most 1 MB`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Could not read the Lockstep config ${origin}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The Lockstep config ${origin} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return validateConfigJson(json, origin, env);
}
