import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App';

/** Draws the console into `root`; main.tsx loads this module as the console's own chunk. */
export function mountConsole(root: HTMLElement): void {
  // zod compiles fast paths with new Function(); the CSP forbids eval, so do not even try.
  z.config({ jitless: true });
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
