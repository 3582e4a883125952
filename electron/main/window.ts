import type { BrowserWindowConstructorOptions } from 'electron';
import { isAppUrl, isSafeExternalUrl } from './app-url';

/**
 * The renderer is treated as untrusted web content: it gets no Node, runs sandboxed in
 * its own JS world, and reaches the main process only through the preload's bridge.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Lockstep',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export interface NavigationEventLike {
  preventDefault(): void;
}
type NavigationListener = (event: NavigationEventLike, url: string) => void;

/** The parts of `WebContents` the guards attach to. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: NavigationListener): unknown;
  on(event: 'will-redirect', listener: NavigationListener): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEventLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export type OpenExternal = (url: string) => Promise<void>;

/**
 * Keeps every window on our own origin. Links to web pages go to the person's browser
 * (after the scheme check, so `file:`, `smb:` or custom handlers are never launched);
 * everything else is dropped.
 */
export function guardNavigation(contents: GuardedContents, openExternal: OpenExternal, log: (message: string) => void = console.warn): void {
  const leaveApp = (url: string) => {
    if (isSafeExternalUrl(url)) {
      openExternal(url).catch((error: unknown) => log(`Could not open ${url} in the browser: ${String(error)}`));
    } else {
      log(`Blocked navigation to ${url}: only Lockstep's own pages and http(s) links are allowed.`);
    }
  };
  const onNavigate: NavigationListener = (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    leaveApp(url);
  };
  contents.on('will-navigate', onNavigate);
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    leaveApp(url);
    return { action: 'deny' };
  });
}

/** Only desktop notifications are granted; camera, geolocation, clipboard and the rest are refused. */
export const isPermissionAllowed = (permission: string): boolean => permission === 'notifications';

export interface PermissionSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export function installPermissionHandlers(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));
}
