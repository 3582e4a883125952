import { defineConfig } from 'vite';

// Builds .vite/build/preload.cjs. A sandboxed preload can require only 'electron' (and a
// few polyfilled modules), so everything else, zod and the contract included, is inlined
// into one CommonJS file.
export default defineConfig({
  build: {
    outDir: '.vite/build',
    emptyOutDir: false,
    target: 'es2023',
    sourcemap: true,
    minify: false,
    copyPublicDir: false,
    rollupOptions: {
      input: { preload: 'electron/preload/preload.ts' },
      external: ['electron', 'electron/renderer'],
      output: {
        format: 'cjs',
        codeSplitting: false,
        entryFileNames: '[name].cjs',
        chunkFileNames: '[name].cjs',
        assetFileNames: '[name].[ext]',
      },
    },
  },
  clearScreen: false,
});
