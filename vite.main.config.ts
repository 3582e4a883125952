import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';

/** Electron and Node built-ins come from the runtime; everything else is bundled (Forge packages only .vite/). */
export const mainExternals = [
  'electron',
  'electron/main',
  'electron/common',
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
  // Built-ins that exist only with the node: prefix are missing from builtinModules (undici probes node:sqlite).
  'node:sqlite',
  'node:sea',
  'node:test',
];

/**
 * One CommonJS file in .vite/build for the desktop host's Node side, from `entry`: the main
 * process (below), or a worker thread it starts (vite.worker.config.ts).
 */
export function hostBundle(entry: string, fileName: string): UserConfig {
  return {
    build: {
      outDir: '.vite/build',
      // The preload build writes into the same folder.
      emptyOutDir: false,
      target: 'node22',
      sourcemap: true,
      minify: false,
      copyPublicDir: false,
      lib: {
        entry,
        formats: ['cjs'],
        fileName: () => fileName,
      },
      rollupOptions: { external: mainExternals },
    },
    // Resolve packages' Node entry points (ws, undici), never their browser shims.
    resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
    clearScreen: false,
  };
}

// Builds .vite/build/main.cjs (package.json "main"). Used by Forge's Vite plugin, and
// runnable on its own: `vite build -c vite.main.config.ts`.
export default defineConfig(hostBundle('electron/main/main.ts', 'main.cjs'));
