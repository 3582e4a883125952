import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUT = '.vite/renderer/main_window';

/** Builds the renderer only when its sources are newer than the last build. */
export function ensureRendererBuilt(root: string, log: (line: string) => void): string {
  const out = join(root, OUT);
  const index = join(out, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'shared')));
  if (builtAt >= newest) return out;
  log('Building the console UI…');
  if (!viteBuild(root, 'vite.renderer.config.ts')) throw new Error('building the console UI failed (see above)');
  return out;
}

export function newestMtime(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    if (!existsSync(current)) continue;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') stack.push(path);
      } else if (!entry.name.includes('.test.')) {
        newest = Math.max(newest, statSync(path).mtimeMs);
      }
    }
  }
  return newest;
}

/** The Electron main and preload bundles (fast; always rebuilt so they match the sources). */
export function buildMainAndPreload(root: string): void {
  for (const config of ['vite.main.config.ts', 'vite.preload.config.ts', 'vite.worker.config.ts']) {
    if (!viteBuild(root, config)) throw new Error(`building ${config} failed (see above)`);
  }
}

/** One Vite build by its config file, output shown; true when it succeeded. */
export function viteBuild(root: string, config: string): boolean {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' }).status === 0;
}
