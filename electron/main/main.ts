import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, protocol, safeStorage, session, shell } from 'electron';
import { osUserName } from '../../services/actions/acting-identity';
import { createServices } from '../../services/core/create-services';
import { ColumnsThread } from '../../services/traces/columns-thread';
import { createDemoSource } from '../../demo';
import type { LockstepServices } from '../../services/core/lockstep-services';
import { openCredentialFile, openSettingsStore } from '../settings/app-settings-store';
import { credentialToStore, readAll, storeCredentialFromStdin } from '../settings/credential-cli';
import { SafeStorageCredentialStore } from '../settings/credentials';
import { SafeStorageSigningKeyStore } from '../settings/signing-key-store';
import { rememberConfigPath } from '../settings/remember-config';
import { SettingsStore } from '../settings/settings';
import { resolveAppConfig } from './app-config';
import { OPEN_FILE_HASH, acknowledgeHash, incidentHash, setRendererHash } from './incident-link';
import { registerIpc } from './ipc';
import { bringToFront, createMainWindow } from './main-window';
import { menuTemplate } from './menu';
import { savePdfSummary } from './pdf-summary';
import { startNotifications } from './notifications';
import { installAppProtocol, registerAppScheme } from './protocol';
import { startTray, trayIcon } from './tray';
import { type TraceDeepLinks, installTraceDeepLinks } from './trace-deep-link';
import { type IncidentFileOpening, installIncidentFileOpening } from './open-file';
import { ipcChannel } from '../../shared/api/wire';
import { guardNavigation, installPermissionHandlers } from './window';
import { WindowClients } from './window-clients';
import { describeError } from '../../services/util/errors';

// The bundle sits in .vite/build; the renderer build in .vite/renderer/main_window.
const RENDERER_DIR = join(__dirname, '..', 'renderer', 'main_window');
const REPORT_DIR = join(__dirname, '..', 'renderer', 'report');
const PRELOAD_PATH = join(__dirname, 'preload.cjs');
/** The trace columns worker, built beside main.cjs (vite.worker.config.ts). */
const COLUMNS_WORKER_PATH = join(__dirname, 'columns-worker.cjs');
const log = (message: string) => console.warn(`[lockstep] ${message}`);

let services: LockstepServices | undefined;
let mainWindow: BrowserWindow | undefined;
let stopTray: (() => void) | undefined;
let traceLinks: TraceDeepLinks | undefined;
let incidentFiles: IncidentFileOpening | undefined;

registerAppScheme(protocol);

const credentialName = credentialToStore(process.argv);
if (credentialName !== undefined) {
  // `lockstep --store-credential NAME < secret`: a one-shot run with no window and no lock.
  app.whenReady().then(() => storeCredentialAndExit(credentialName)).catch(fatal);
} else if (!app.requestSingleInstanceLock()) {
  // A second launch (e.g. from a notification or the dock) focuses the first window instead.
  app.quit();
} else {
  app.on('second-instance', () => bringToFront(mainWindow));
  // lockstep://trace/<id>?span=<id> links: registered before ready, since macOS sends open-url during launch.
  traceLinks = installTraceDeepLinks({
    app,
    argv: process.argv,
    defaultApp: process.defaultApp === true,
    execPath: process.execPath,
    show: (hash) => {
      bringToFront(mainWindow);
      if (mainWindow && !mainWindow.isDestroyed()) setRendererHash(mainWindow.webContents, hash).catch(() => undefined);
    },
    log,
  });
  // A double-clicked incident file (forge.config.ts associations): macOS sends open-file during launch too.
  incidentFiles = installIncidentFileOpening({
    app,
    argv: process.argv,
    cwd: process.cwd(),
    deliver: (file) => {
      bringToFront(mainWindow);
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcChannel.incidentFile, file);
    },
    fail: (sentence) => dialog.showErrorBox('Incident file not opened', sentence),
    log,
  });
  // Every webContents, including any created later, stays on our origin.
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents, (url) => shell.openExternal(url), log));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    stopTray?.();
    if (!services) return;
    event.preventDefault();
    const closing = services;
    services = undefined;
    closing.close().catch((error: unknown) => log(`Closing services failed: ${String(error)}`)).finally(() => app.quit());
  });
  app.whenReady().then(start).catch(fatal);
}

async function start(): Promise<void> {
  app.setAppUserModelId('app.lockstep.console');
  const userData = app.getPath('userData');
  const settings = new SettingsStore(openSettingsStore(userData, log), log);
  const current = settings.read();

  const choice = await resolveAppConfig(process.env, current.configPath);
  log(`Using ${choice.origin}.`);
  // The installed app remembers a config given by LOCKSTEP_CONFIG for launches from the dock;
  // `npm start` (unpackaged) does not, so it keeps opening the demo as the README says.
  if (app.isPackaged) rememberConfigPath(settings, process.env, log);
  // The desktop acts as the person logged in (or the name set once in its settings), shown in the header.
  const actor = current.actorName?.trim() || osUserName();
  const columnsThread = new ColumnsThread(() => new Worker(COLUMNS_WORKER_PATH));
  services = await createServices(choice.config, {
    embeddedSource: createDemoSource,
    dataDir: userData,
    version: app.getVersion(),
    defaultActor: actor,
    credentials: new SafeStorageCredentialStore(safeStorage, openCredentialFile(userData, log)),
    // The key that signs exported incident files, encrypted like the credentials (a plain key from an earlier version is moved in).
    signingKeyStore: new SafeStorageSigningKeyStore(safeStorage, userData),
    // The HTML report's page, built beside the renderer (forge.config.ts, `npm run build`).
    reportDir: REPORT_DIR,
    // Settings' sources live in the desk's own settings file, beside the config path it remembers.
    sourceSettings: { store: settings, savedIn: join(userData, 'settings.json') },
    configOrigin: choice.origin,
    environment: choice.environment,
    // Large traces are read into columns on a worker thread, off the thread that runs the windows' IPC
    // (started by the first source that reads traces there).
    columnsThread,
  });

  installAppProtocol(protocol, RENDERER_DIR);
  installPermissionHandlers(session.defaultSession);
  const clients = new WindowClients<BrowserWindow>(services);
  registerIpc({
    ipcMain,
    services,
    clients,
    identity: { name: actor, role: 'operator' },
    dialogFor: (owner) => ({
      showSaveDialog: (options) => dialog.showSaveDialog(owner, options),
      showOpenDialog: (options) => dialog.showOpenDialog(owner, options),
    }),
    log,
  });

  const window = createMainWindow(PRELOAD_PATH, current.startFullScreen, log);
  mainWindow = window;
  clients.add(window);

  const showHash = (hash: string) => {
    bringToFront(mainWindow);
    if (mainWindow && !mainWindow.isDestroyed()) setRendererHash(mainWindow.webContents, hash).catch(() => undefined);
  };
  // A link that launched the app waits for the page, so its hash is not lost to the first load.
  window.webContents.once('did-finish-load', () => traceLinks?.attach());
  window.webContents.once('did-finish-load', () => incidentFiles?.attach());
  startNotifications({
    services,
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    focusIncident: (incidentId) => (incidentId ? showHash(incidentHash(incidentId)) : bringToFront(mainWindow)),
    acknowledgeIncident: (incidentId) => showHash(acknowledgeHash(incidentId)),
    // Do-not-disturb is the person's setting in the window; the native notifications obey it.
    doNotDisturb: async () =>
      !!mainWindow && !mainWindow.isDestroyed() && (await mainWindow.webContents.executeJavaScript("localStorage.getItem('lockstep.dnd') === '1'")) === true,
    log,
  });
  // The open-incident count by the clock (and on the dock); its menu opens incidents as a notification click does.
  stopTray = startTray({
    services,
    icon: trayIcon(nativeImage),
    createTray: (icon) => new Tray(icon),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    ...(process.platform === 'win32' ? {} : { setBadgeCount: (count: number) => app.setBadgeCount(count) }),
    showWindow: () => bringToFront(mainWindow),
    openIncident: (incidentId) => showHash(incidentHash(incidentId)),
    quit: () => app.quit(),
    log,
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          openIncidentFile: () => showHash(OPEN_FILE_HASH),
          savePdfSummary: () => {
            const owner = mainWindow;
            if (!owner || owner.isDestroyed()) return;
            savePdfSummary({
              printToPDF: (options) => owner.webContents.printToPDF(options),
              showSaveDialog: (options) => dialog.showSaveDialog(owner, options),
              title: () => owner.getTitle(),
            }).then(
              (path) => path && log(`PDF summary saved: ${path}`),
              (error: unknown) => void dialog.showMessageBox(owner, { type: 'error', message: error instanceof Error ? error.message : String(error) }),
            );
          },
          reload: () => mainWindow?.reload(),
          toggleFullScreen: () => mainWindow?.setFullScreen(!mainWindow.isFullScreen()),
          ...(app.isPackaged ? {} : { toggleDevTools: () => mainWindow?.webContents.toggleDevTools() }),
        },
        process.platform,
      ),
    ),
  );
}

async function storeCredentialAndExit(name: string): Promise<void> {
  const store = new SafeStorageCredentialStore(safeStorage, openCredentialFile(app.getPath('userData'), log));
  app.exit(await storeCredentialFromStdin(name, () => readAll(process.stdin), store, (line) => console.log(line)));
}

function fatal(error: unknown): void {
  const message = describeError(error);
  log(`Lockstep could not start: ${message}`);
  dialog.showErrorBox('Lockstep could not start', message);
  app.exit(1);
}
