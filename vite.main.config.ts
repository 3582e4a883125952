import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

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

// Builds .vite/build/main.cjs (package.json "main"). Used by Forge's Vite plugin, and
// runnable on its own: `vite build -c vite.main.config.ts`.
export default defineConfig({
  build: {
    outDir: '.vite/build',
    // The preload build writes into the same folder.
    emptyOutDir: false,
    target: 'node22',
    sourcemap: true,
    minify: false,
    copyPublicDir: false,
    lib: {
      entry: 'electron/main/main.ts',
      formats: ['cjs'],
      fileName: () => 'main.cjs',
    },
    rollupOptions: { external: mainExternals },
  },
  // Resolve packages' Node entry points (ws, undici), never their browser shims.
  resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
  clearScreen: false,
});
