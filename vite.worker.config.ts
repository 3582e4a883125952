import { defineConfig } from 'vite';
import { mainExternals } from './vite.main.config';

// Builds .vite/build/columns-worker.cjs, the trace columns worker the desktop host starts
// beside main.cjs (electron/main/main.ts, COLUMNS_WORKER_PATH): a worker thread runs a file of
// its own, so it is built as one, with nothing of Electron in it.
export default defineConfig({
  build: {
    outDir: '.vite/build',
    emptyOutDir: false,
    target: 'node22',
    sourcemap: true,
    minify: false,
    copyPublicDir: false,
    lib: {
      entry: 'services/traces/columns-worker.ts',
      formats: ['cjs'],
      fileName: () => 'columns-worker.cjs',
    },
    rollupOptions: { external: mainExternals },
  },
  resolve: { conditions: ['node'], mainFields: ['module', 'jsnext:main', 'jsnext'] },
  clearScreen: false,
});
