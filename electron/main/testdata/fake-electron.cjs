/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by node, standing in for Electron */
// A stand-in for the 'electron' module, shaped after electron.d.ts, so the built main
// bundle can start in plain Node where the Electron binary cannot be downloaded.
const { EventEmitter } = require('node:events');

const calls = [];
const record = (...entry) => calls.push(entry);
const app = new EventEmitter();
let markReady;
const ready = new Promise((resolve) => (markReady = resolve));
Object.assign(app, {
  requestSingleInstanceLock: () => (record('requestSingleInstanceLock'), true),
  whenReady: () => (record('whenReady'), ready),
  getPath: () => process.env.FAKE_USER_DATA,
  getVersion: () => '0.0.0-test',
  setAppUserModelId: () => undefined,
  isPackaged: false,
  quit: () => record('quit'),
  exit: (code) => record('exit', code),
});
const handlers = new Map();
let nextId = 1;
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    record('BrowserWindow', options.webPreferences);
    this.webContents = Object.assign(new EventEmitter(), {
      id: nextId++,
      isDestroyed: () => false,
      send: (channel) => record('send', channel),
      setWindowOpenHandler: () => undefined,
      executeJavaScript: async () => undefined,
    });
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url) {
    record('loadURL', url);
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
}
module.exports = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, listener) => handlers.set(channel, listener),
    removeHandler: (c) => handlers.delete(c),
    // electron-store listens for its renderer-side helper; Lockstep never uses it.
    on: () => undefined,
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => record('registerSchemesAsPrivileged', schemes),
    handle: (scheme) => record('protocol.handle', scheme),
  },
  session: { defaultSession: { setPermissionRequestHandler: () => record('permissions'), setPermissionCheckHandler: () => undefined } },
  dialog: { showErrorBox: (title, message) => record('showErrorBox', title, message) },
  shell: { openExternal: async () => undefined },
  Notification: class {
    static isSupported() {
      return true;
    }
    on() {}
    show() {}
  },
  Menu: { buildFromTemplate: (template) => template, setApplicationMenu: () => record('setApplicationMenu') },
  safeStorage: {},
  __test: { calls, handlers, markReady },
};
