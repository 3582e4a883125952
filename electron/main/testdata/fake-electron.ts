import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindowConstructorOptions,
  Dialog,
  IpcMain,
  Protocol,
  BrowserWindow as RealBrowserWindow,
  Menu as RealMenu,
  NativeImage as RealNativeImage,
  nativeImage as realNativeImage,
  Notification as RealNotification,
  SafeStorage,
  Session,
  Shell,
  Tray as RealTray,
  WebContents,
} from 'electron';

/**
 * A stand-in for the 'electron' module, so the built main bundle can start in plain Node
 * where the Electron binary cannot be downloaded. packaging.test.ts builds this file to
 * CommonJS as node_modules/electron/index.js next to main.cjs.
 *
 * Every member is checked against Electron's own declarations (electron.d.ts): a `Pick`
 * of the real type where the fake can give a real-shaped answer, `SameCall` (Electron's
 * parameters, any result) where the real result is an object only Electron can make.
 * An Electron upgrade that renames or retypes one of them fails the type check.
 * Type-only imports: nothing here loads the real 'electron' package.
 */

/** Accepts exactly what Electron's function accepts; the result is the fake's own. */
type SameCall<F> = F extends (...args: infer A) => unknown ? (...args: A) => unknown : never;

const calls: Array<[string, ...unknown[]]> = [];
const record = (...entry: [string, ...unknown[]]) => void calls.push(entry);
let markReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (markReady = resolve));

export const app = Object.assign(
  new EventEmitter(),
  {
    requestSingleInstanceLock: () => (record('requestSingleInstanceLock'), true),
    whenReady: () => (record('whenReady'), ready),
    getPath: () => process.env.FAKE_USER_DATA ?? '',
    getVersion: () => '0.0.0-test',
    setAppUserModelId: () => undefined,
    isPackaged: false,
    quit: () => record('quit'),
    exit: (code?: number) => record('exit', code),
    setBadgeCount: (count?: number) => (record('setBadgeCount', count), true),
    setAsDefaultProtocolClient: (protocol: string, path?: string, args?: string[]) => (record('setAsDefaultProtocolClient', protocol, path, args), true),
  } satisfies Pick<App, 'requestSingleInstanceLock' | 'whenReady' | 'getPath' | 'getVersion' | 'setAppUserModelId' | 'isPackaged' | 'quit' | 'exit' | 'setBadgeCount' | 'setAsDefaultProtocolClient'>,
);

const handlers = new Map<string, Parameters<IpcMain['handle']>[1]>();
let nextId = 1;

type FakeWebContents = EventEmitter & Pick<WebContents, 'id' | 'isDestroyed' | 'send' | 'setWindowOpenHandler' | 'executeJavaScript'>;

export class BrowserWindow extends EventEmitter implements Pick<RealBrowserWindow, 'loadURL' | 'isDestroyed'> {
  readonly webContents: FakeWebContents;

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    record('BrowserWindow', options.webPreferences);
    this.webContents = Object.assign(new EventEmitter(), {
      id: nextId++,
      isDestroyed: () => false,
      send: (channel: string) => record('send', channel),
      setWindowOpenHandler: () => undefined,
      executeJavaScript: async () => undefined,
    } satisfies Pick<WebContents, 'id' | 'isDestroyed' | 'send' | 'setWindowOpenHandler' | 'executeJavaScript'>);
    app.emit('web-contents-created', {}, this.webContents);
  }

  loadURL(url: string): Promise<void> {
    record('loadURL', url);
    return Promise.resolve();
  }

  isDestroyed(): boolean {
    return false;
  }
}

// Electron's ipcMain is an EventEmitter too; electron-store listens on it for its renderer helper.
export const ipcMain = Object.assign(new EventEmitter(), {
  handle: (channel, listener) => void handlers.set(channel, listener),
  removeHandler: (channel) => void handlers.delete(channel),
} satisfies Pick<IpcMain, 'handle' | 'removeHandler'>);

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record('registerSchemesAsPrivileged', schemes),
  handle: (scheme) => record('protocol.handle', scheme),
} satisfies Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

export const session = {
  defaultSession: {
    setPermissionRequestHandler: () => record('permissions'),
    setPermissionCheckHandler: () => undefined,
  } satisfies Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
};

export const dialog = {
  showErrorBox: (title, message) => record('showErrorBox', title, message),
} satisfies Pick<Dialog, 'showErrorBox'>;

export const shell = { openExternal: async () => undefined } satisfies Pick<Shell, 'openExternal'>;

export class Notification implements Pick<RealNotification, 'show'> {
  static isSupported: (typeof RealNotification)['isSupported'] = () => true;
  constructor(_options?: ConstructorParameters<typeof RealNotification>[0]) {}
  /** Electron's `on` has one overload per event; every one of them is a call this accepts. */
  on(..._args: unknown[]): this {
    return this;
  }
  show(): void {}
}

// A Menu is an object only Electron makes; the fake hands the template back instead.
export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: () => record('setApplicationMenu'),
} satisfies { [K in 'buildFromTemplate' | 'setApplicationMenu']: SameCall<(typeof RealMenu)[K]> };

/** An image only Electron can decode; the fake keeps the data URL, empty when it is not a PNG one. */
export class FakeNativeImage implements Pick<RealNativeImage, 'isEmpty' | 'addRepresentation'> {
  readonly representations: Array<Parameters<RealNativeImage['addRepresentation']>[0]> = [];
  constructor(readonly dataURL = '') {}
  isEmpty(): boolean {
    return !/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/.test(this.dataURL);
  }
  addRepresentation(options: Parameters<RealNativeImage['addRepresentation']>[0]): void {
    this.representations.push(options);
  }
}

export const nativeImage = {
  createFromDataURL: (dataURL) => new FakeNativeImage(dataURL),
  createEmpty: () => new FakeNativeImage(),
} satisfies { [K in 'createFromDataURL' | 'createEmpty']: SameCall<(typeof realNativeImage)[K]> };

/**
 * A tray that keeps what was done to it, in order, in `calls` (a menu is the template the
 * fake Menu hands back); `emit('click')` is a click on its icon.
 */
export class Tray extends EventEmitter implements Pick<RealTray, 'setToolTip' | 'setTitle' | 'destroy' | 'isDestroyed'> {
  readonly calls: Array<[string, ...unknown[]]> = [];
  private destroyed = false;

  constructor(readonly image: FakeNativeImage | string) {
    super();
    record('Tray');
  }

  setToolTip(toolTip: string): void {
    this.calls.push(['setToolTip', toolTip]);
  }

  setTitle(title: string): void {
    this.calls.push(['setTitle', title]);
  }

  /** Electron's takes a Menu or null; the fake Menu's are templates. */
  setContextMenu(menu: Parameters<RealTray['setContextMenu']>[0] | ReturnType<typeof Menu.buildFromTemplate>): void {
    this.calls.push(['setContextMenu', menu]);
  }

  destroy(): void {
    this.calls.push(['destroy']);
    this.destroyed = true;
    this.removeAllListeners();
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const safeStorage = {} satisfies Partial<SafeStorage>;

/** What start-main.cjs reads back: the calls made, the IPC handlers, and the app's ready switch. */
export const __test = { calls, handlers, markReady: () => markReady() };
