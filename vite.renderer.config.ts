import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer bundle is identical for the Electron host and the web host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../.vite/renderer/main_window',
    emptyOutDir: true,
    sourcemap: true,
    // One bundle loaded from disk or loopback; splitting it would only add round trips.
    chunkSizeWarningLimit: 1500,
  },
});
