import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { type LockstepConfig, LockstepConfigSchema } from '../../services/config/sources';

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
}

/**
 * LOCKSTEP_CONFIG wins over the saved setting; with neither, the demo runs. A config
 * file that is named but broken is an error, never a silent fall-back to the demo: an
 * on-call must not mistake demo data for their fleet.
 */
export async function resolveAppConfig(env: NodeJS.ProcessEnv, settingsPath: string | undefined): Promise<ConfigChoice> {
  const fromEnv = env.LOCKSTEP_CONFIG?.trim();
  const path = fromEnv || settingsPath;
  if (!path) return { config: DEMO_CONFIG, origin: 'the embedded demo fleet' };
  const origin = fromEnv ? `${path} (from LOCKSTEP_CONFIG)` : `${path} (from settings)`;
  return { config: await readConfigFile(path, origin), origin };
}

export async function readConfigFile(path: string, origin = path): Promise<LockstepConfig> {
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
  const parsed = LockstepConfigSchema.safeParse(json);
  if (!parsed.success) throw new Error(`The Lockstep config ${origin} is not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
