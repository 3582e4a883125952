import { readFileSync } from 'node:fs';
import { type LockstepConfig, LockstepConfigSchema } from '../../services/config/sources';
import { describeError } from '../../services/util/errors';

/** The embedded demo fleet: a live war room with no server installed. */
export function demoConfig(options: { locks?: number; incidents?: string[] } = {}): LockstepConfig {
  return LockstepConfigSchema.parse({
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
}

/** A config file, validated; errors name the field that is wrong. */
export function loadConfigFile(path: string): LockstepConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the config file ${path}: ${describeError(error)}`, { cause: error });
  }
  const parsed = LockstepConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the config file ${path} is not valid: ${issue?.path.join('.') || 'top level'}: ${issue?.message}`);
  }
  return parsed.data;
}
