import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { path: string } | { missing: string };

/**
 * Finds the Electron executable the way node_modules/electron/index.js does, without
 * requiring that module: requiring it starts a download, which cannot work offline.
 */
export function findElectronBinary(repo: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(repo, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, relative || 'electron');
    return existsSync(path) ? { path } : { missing: `ELECTRON_OVERRIDE_DIST_PATH is set but ${path} does not exist` };
  }
  if (!relative) {
    return {
      missing:
        'Electron binary not installed (node_modules/electron/path.txt is missing: its download needs internet access). ' +
        'Run `npx install-electron` where the internet is reachable, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 45',
    };
  }
  const path = join(pkg, 'dist', relative);
  return existsSync(path)
    ? { path }
    : { missing: `Electron binary not installed (${path} is missing). Run \`npx install-electron\` or set ELECTRON_OVERRIDE_DIST_PATH` };
}

/**
 * Electron 42+ fetches its binary on first use rather than on install; do that the
 * way Electron does (its own install script), bounded in time.
 */
export function fetchElectron(root: string, timeoutMs = 120_000): ElectronBinary {
  const found = findElectronBinary(root);
  if ('path' in found) return found;
  const script = join(root, 'node_modules/electron/install.js');
  if (!existsSync(script)) return { missing: 'the electron package is not installed (run npm ci)' };
  const result = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8', timeout: timeoutMs });
  const after = findElectronBinary(root);
  if ('path' in after) return after;
  const why = (result.stderr || result.stdout || '').split('\n').find((l) => /error|ENOTFOUND|ECONN|timed out/i.test(l));
  return { missing: `the Electron binary could not be downloaded${why ? ` (${why.trim().slice(0, 160)})` : ''}` };
}
