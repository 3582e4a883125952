import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl } from './app-url';
import { type GuardedContents, guardNavigation, installPermissionHandlers, mainWindowOptions } from './window';

type Listener = (event: { preventDefault(): void }, url: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  const contents: GuardedContents = {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
  };
  const fire = (event: string, url = '') => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('mainWindowOptions', () => {
  it('isolates the renderer: sandbox, context isolation, no Node, no webview', () => {
    const options = mainWindowOptions('/app/.vite/build/preload.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/.vite/build/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('guardNavigation', () => {
  const setup = () => {
    const opened: string[] = [];
    const logs: string[] = [];
    const fake = fakeContents();
    guardNavigation(fake.contents, async (url) => void opened.push(url), (m) => logs.push(m));
    return { ...fake, opened, logs };
  };

  it('lets the app navigate within its own origin', () => {
    const { fire, opened } = setup();
    expect(fire('will-navigate', 'lockstep://app/index.html#/incident/1')).toBe(false);
    expect(fire('will-redirect', 'lockstep://app/other.html')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('stops navigation elsewhere and hands http(s) links to the browser', () => {
    const { fire, opened } = setup();
    expect(fire('will-navigate', 'https://runbooks.example.com/unlock')).toBe(true);
    expect(opened).toEqual(['https://runbooks.example.com/unlock']);
  });

  it('never launches non-web schemes externally', () => {
    const { fire, opened, logs } = setup();
    for (const url of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-settings:privacy']) {
      expect(fire('will-navigate', url)).toBe(true);
    }
    expect(opened).toEqual([]);
    expect(logs).toHaveLength(4);
  });

  it('blocks redirects away from the app and every webview', () => {
    const { fire } = setup();
    expect(fire('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fire('will-attach-webview')).toBe(true);
  });

  it('denies every new window, opening web links externally', () => {
    const { open, opened } = setup();
    expect(open('https://grafana.example/d/1')).toEqual({ action: 'deny' });
    expect(open('lockstep://app/index.html')).toEqual({ action: 'deny' });
    expect(open('file:///tmp/x')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://grafana.example/d/1']);
  });
});

describe('permissions', () => {
  it('grants notifications and nothing else', () => {
    let request: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string) => boolean) | undefined;
    installPermissionHandlers({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) });
    const answers = new Map<string, boolean>();
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      request?.({}, permission, (granted) => answers.set(permission, granted));
    }
    expect(Object.fromEntries(answers)).toEqual({
      notifications: true,
      media: false,
      geolocation: false,
      'clipboard-read': false,
      openExternal: false,
      fullscreen: false,
    });
    expect(check?.({}, 'notifications')).toBe(true);
    expect(check?.({}, 'media')).toBe(false);
  });
});

describe('URL checks', () => {
  it('recognises only our origin as the app', () => {
    expect(isAppUrl('lockstep://app/index.html')).toBe(true);
    expect(isAppUrl('lockstep://app.evil/index.html')).toBe(false);
    expect(isAppUrl('http://app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('treats only credential-free http(s) as safe to open externally', () => {
    expect(isSafeExternalUrl('https://example.com')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    expect(isSafeExternalUrl('https://user:pw@example.com')).toBe(false);
    expect(isSafeExternalUrl('file:///x')).toBe(false);
  });
});
