import { type AppliedOverride, applyEnvOverrides, ConfigEnvError, overrideNote } from './env-overrides';
import { type LockstepConfig, LockstepConfigSchema } from './sources';

export interface ValidatedConfig {
  config: LockstepConfig;
  /** The environment variables that changed it. */
  environment: AppliedOverride[];
}

const MAX_ISSUES = 5;

/**
 * A config's JSON, with the environment's overrides applied (services/config/env-overrides.ts),
 * validated. Both hosts load their config through here, so a file and its overrides fail
 * the same way: one line per problem, naming the field, and the variable when one set it.
 * `origin` says where it came from ("/etc/lockstep.json (from LOCKSTEP_CONFIG)").
 */
export function validateConfigJson(json: unknown, origin: string, env: Readonly<Record<string, string | undefined>>): ValidatedConfig {
  let withEnv: { config: unknown; applied: AppliedOverride[] };
  try {
    withEnv = applyEnvOverrides(json, env);
  } catch (error) {
    if (error instanceof ConfigEnvError) throw new Error(`The environment overrides of the Lockstep config ${origin} cannot be applied: ${error.message}.`, { cause: error });
    throw error;
  }
  const parsed = LockstepConfigSchema.safeParse(withEnv.config);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, MAX_ISSUES).map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : 'the top level';
      return `  ${where}: ${issue.message}${overrideNote(issue.path, withEnv.config, withEnv.applied)}`;
    });
    const more = parsed.error.issues.length > MAX_ISSUES ? `\n  … and ${parsed.error.issues.length - MAX_ISSUES} more` : '';
    throw new Error(`The Lockstep config ${origin} is not valid:\n${lines.join('\n')}${more}`);
  }
  return { config: parsed.data, environment: withEnv.applied };
}
