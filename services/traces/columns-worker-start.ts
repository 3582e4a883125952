import { Worker } from 'node:worker_threads';

/**
 * Starts columns-worker.ts from this source tree, for a host that runs from source (the web
 * host, under tsx): a worker inherits the process's flags, tsx's loader among them, so it
 * reads TypeScript as the host does. A process started without that loader (a test runner)
 * gives the worker tsx's loader of its own. The desktop host starts its built copy instead
 * (electron/main/main.ts).
 */
export function startColumnsWorkerFromSource(): Worker {
  const entry = new URL('./columns-worker.ts', import.meta.url);
  const hasLoader = process.execArgv.some((flag) => flag.includes('tsx'));
  return new Worker(entry, hasLoader ? {} : { execArgv: [...process.execArgv, '--import', 'tsx'] });
}
