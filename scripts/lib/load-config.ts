import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { type LockstepConfig, LockstepConfigSchema } from '../../services/config/sources';
import { type ValidatedConfig, validateConfigJson } from '../../services/config/validate-config';
import { describeError } from '../../services/util/errors';

/** The embedded demo fleet: a live war room with no server installed. The environment's overrides apply to it too (LOCKSTEP_ALERT_POLL_SECONDS, …). */
export function demoConfig(options: { locks?: number; incidents?: string[] } = {}, env: Readonly<Record<string, string | undefined>> = {}): LockstepConfig {
  const demo = LockstepConfigSchema.parse({
    mode: 'demo',
    sources: [
      {
        kind: 'demo',
        id: 'demo',
        name: 'Demo fleet',
        ...(options.locks ? { locks: options.locks } : {}),
        startIncidents: options.incidents ?? [],
      },
    ],
  });
  return validateConfigJson(demo, 'of the embedded demo fleet', env).config;
}

/** A config file with the environment's overrides (services/config/env-overrides.ts), validated; errors name the field that is wrong. */
export function loadConfig(path: string, env: Readonly<Record<string, string | undefined>> = process.env): ValidatedConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the config file ${path}: ${describeError(error)}`, { cause: error });
  }
  const validated = validateConfigJson(json, path, env);
  // A dashboards folder named relative to the config file, as a person writing the file means it.
  const dir = validated.config.dashboardsDir;
  if (dir && !isAbsolute(dir)) validated.config.dashboardsDir = resolve(dirname(path), dir);
  return validated;
}

export function loadConfigFile(path: string, env: Readonly<Record<string, string | undefined>> = process.env): LockstepConfig {
  return loadConfig(path, env).config;
}
