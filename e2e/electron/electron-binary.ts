import { existsSync } from 'node:fs';
import { join } from 'node:path';

export { findElectronBinary, type ElectronBinary } from '../../scripts/lib/electron-binary';

export function missingBuild(repo: string): string | undefined {
  const needed = ['.vite/build/main.cjs', '.vite/build/preload.cjs', '.vite/renderer/main_window/index.html'];
  const absent = needed.filter((file) => !existsSync(join(repo, file)));
  if (absent.length === 0) return undefined;
  return (
    `the app is not built (${absent.join(', ')} missing). Build it with ` +
    '`npx vite build -c vite.renderer.config.ts && npx vite build -c vite.main.config.ts && npx vite build -c vite.preload.config.ts`'
  );
}
