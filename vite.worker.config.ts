import { defineConfig } from 'vite';
import { hostBundle } from './vite.main.config';

// Builds .vite/build/columns-worker.cjs, the trace columns worker the desktop host starts
// beside main.cjs (electron/main/main.ts, COLUMNS_WORKER_PATH): a worker thread runs a file of
// its own, so it is built as one, with nothing of Electron in it.
export default defineConfig(hostBundle('services/traces/columns-worker.ts', 'columns-worker.cjs'));
