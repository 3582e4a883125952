import { accessSync, constants } from 'node:fs';

/** The Debian packages that bring the real servers the stack and the integration tests run. */
export const BINARIES = {
  prometheus: { path: '/usr/bin/prometheus', pkg: 'prometheus' },
  promtool: { path: '/usr/bin/promtool', pkg: 'prometheus' },
  alertmanager: { path: '/usr/bin/prometheus-alertmanager', pkg: 'prometheus-alertmanager' },
  amtool: { path: '/usr/bin/amtool', pkg: 'prometheus-alertmanager' },
  victoriaMetrics: { path: '/usr/bin/victoria-metrics', pkg: 'victoria-metrics' },
  vmalert: { path: '/usr/bin/vmalert', pkg: 'victoria-metrics' },
} as const;
export type BinaryName = keyof typeof BINARIES;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Undefined when all are installed; otherwise a sentence naming the apt-get command that fixes it. */
export function missingBinaryReason(names: readonly BinaryName[]): string | undefined {
  const missing = names.filter((name) => !isExecutable(BINARIES[name].path));
  if (missing.length === 0) return undefined;
  const paths = missing.map((name) => BINARIES[name].path).join(', ');
  const pkgs = [...new Set(missing.map((name) => BINARIES[name].pkg))].join(' ');
  return `${paths} not installed; install with: sudo apt-get install -y ${pkgs}`;
}

export class MissingBinaryError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'MissingBinaryError';
  }
}

export function requireBinaries(names: readonly BinaryName[]): void {
  const reason = missingBinaryReason(names);
  if (reason) throw new MissingBinaryError(reason);
}

/**
 * For `describe.skipIf(...)`: prints why a suite is skipped, so a machine without the
 * packages shows a reason instead of a silent pass. Under CI (CI=true) the set-up
 * installs every package, so a missing one is a failure, never a skip.
 */
export function skipUnlessInstalled(names: readonly BinaryName[], suite: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const reason = missingBinaryReason(names);
  if (reason === undefined) return false;
  if (env.CI) throw new MissingBinaryError(`${suite} cannot run under CI: ${reason}`);
  console.warn(`SKIPPED ${suite}: ${reason}`);
  return true;
}
