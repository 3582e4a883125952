import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { preloadConsoleChunk } from './scripts/lib/preload-console-chunk';

// The renderer bundle is identical for the Electron host and the web host. It is split in
// four kinds of chunk: a tiny entry (renderer/src/main.tsx) that starts fetching an incident
// file at once, the console that draws the first dashboard (renderer/src/app/mount.tsx, named
// in the HTML as a modulepreload so it downloads alongside the entry), the libraries it uses
// (vendor), and the views no first frame needs (renderer/src/app/lazy-views.ts), each
// fetched when it first opens.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), preloadConsoleChunk('src/app/mount.tsx')],
  build: {
    outDir: '../.vite/renderer/main_window',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // React, uPlot and zod change only when the lock file does: one "vendor" chunk keeps its
        // name across app rebuilds, so a browser that saw the console before refetches only the app.
        codeSplitting: { groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/]/ }] },
      },
    },
  },
});
