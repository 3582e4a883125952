import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string };

/** The installed Electron binary, if any, without trying to download it. */
export function findElectron(root: string): ElectronBinary {
  const pkg = join(root, 'node_modules/electron');
  if (!existsSync(pkg)) return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (override) {
    const path = join(override, relative ?? 'electron');
    return existsSync(path) ? { ok: true, path } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${relative ?? 'electron'}` };
  }
  if (relative && existsSync(join(pkg, 'dist', relative))) return { ok: true, path: join(pkg, 'dist', relative) };
  return { ok: false, reason: 'the Electron binary has not been downloaded' };
}

/**
 * Electron 42+ fetches its binary on first use rather than on install; do that the
 * way Electron does (its own install script), bounded in time.
 */
export function fetchElectron(root: string, timeoutMs = 120_000): ElectronBinary {
  const found = findElectron(root);
  if (found.ok) return found;
  const script = join(root, 'node_modules/electron/install.js');
  if (!existsSync(script)) return found;
  const result = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8', timeout: timeoutMs });
  const after = findElectron(root);
  if (after.ok) return after;
  const why = (result.stderr || result.stdout || '').split('\n').find((l) => /error|ENOTFOUND|ECONN|timed out/i.test(l));
  return { ok: false, reason: `the Electron binary could not be downloaded${why ? ` (${why.trim().slice(0, 160)})` : ''}` };
}
