import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-url';
import { mainWindowOptions } from './window';

const RELOAD_AFTER_CRASH_MS = 2000;

/**
 * The one console window. A crashed renderer is reloaded: a wall screen runs unattended
 * for days, and a blank screen there looks like "all quiet".
 */
export function createMainWindow(preloadPath: string, fullScreen: boolean, log: (message: string) => void): BrowserWindow {
  const window = new BrowserWindow({ ...mainWindowOptions(preloadPath), fullscreen: fullScreen });
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    log(`The console's renderer stopped (${details.reason}); reloading it.`);
    if (details.reason === 'clean-exit') return;
    setTimeout(() => {
      if (!window.isDestroyed()) window.reload();
    }, RELOAD_AFTER_CRASH_MS);
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => log(`Could not load the console: ${String(error)}`));
  return window;
}

export function bringToFront(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
