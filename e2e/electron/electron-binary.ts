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

export function missingBuild(repo: string): string | undefined {
  const needed = ['.vite/build/main.cjs', '.vite/build/preload.cjs', '.vite/renderer/main_window/index.html'];
  const absent = needed.filter((file) => !existsSync(join(repo, file)));
  if (absent.length === 0) return undefined;
  return (
    `the app is not built (${absent.join(', ')} missing). Build it with ` +
    '`npx vite build -c vite.renderer.config.ts && npx vite build -c vite.main.config.ts && npx vite build -c vite.preload.config.ts`'
  );
}
