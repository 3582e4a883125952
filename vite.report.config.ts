import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The self-contained HTML report's page (renderer/src/report/): one script and one style
 * sheet, nothing else, so services/export/html-report.ts can inline both into a single
 * .html file that opens from disk with no server and no network.
 */
export default defineConfig({
  root: 'renderer/src/report',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../../.vite/renderer/report',
    emptyOutDir: true,
    sourcemap: false,
    // Fonts or images would be separate files the report cannot carry: inline every one.
    assetsInlineLimit: () => true,
    modulePreload: false,
    rollupOptions: {
      // The console's lazy views (renderer/src/app/lazy-views.ts) are dynamic imports; the report
      // must stay one script (services/export/report-assets.ts requires exactly one), so inline them.
      output: { codeSplitting: false },
    },
    chunkSizeWarningLimit: 2500,
  },
});
