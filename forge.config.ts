import { type FuseV1Config, FuseV1Options, FuseVersion } from '@electron/fuses';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerDMG } from '@electron-forge/maker-dmg';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';

/**
 * Fuses are flipped in the packaged binary itself, so a shipped Lockstep cannot be turned
 * into a plain Node runtime (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) nor made to
 * load code from outside its integrity-checked asar.
 *
 * Every fuse is set on purpose: `strictlyRequireAllFuses` makes packaging fail when an
 * Electron upgrade adds a fuse nobody has decided on yet.
 */
export const fuses = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Only useful to apps with a separate browser-process V8 snapshot; Lockstep has none.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Lockstep serves its pages from lockstep://, never file://: a file:// page (say, one
  // reached by a navigation bug) must not get the extra privileges Chromium denies it.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default; WebAssembly bounds checks stay fast and guarded.
  [FuseV1Options.WasmTrapHandlers]: true,
} as const satisfies FuseV1Config;

/**
 * Double-click to open: `.lockstep` and `.lockstep.json` files belong to Lockstep
 * (electron/main/open-file.ts takes them from open-file or argv). HTML reports stay the
 * browser's; the app opens them through its open dialog or by drag and drop.
 */
export const INCIDENT_FILE_MIME_TYPE = 'application/x-lockstep-incident';
export const incidentDocumentTypes = [
  {
    CFBundleTypeName: 'Lockstep incident file',
    CFBundleTypeRole: 'Viewer',
    LSHandlerRank: 'Owner',
    CFBundleTypeExtensions: ['lockstep', 'lockstep.json'],
    CFBundleTypeMIMETypes: [INCIDENT_FILE_MIME_TYPE],
  },
];

/**
 * Linux: the desktop entry names the MIME type (MakerDeb `mimeType`), and the type itself —
 * globs and the first bytes of a file — is the shared-mime-info XML below, shipped in the
 * app's resources and registered by the package's maintainer scripts, since
 * electron-installer-debian installs only the app, its desktop entry and icon.
 * electron/main/linux-mime.test.ts checks the XML and this config agree.
 */
export const LINUX_MIME_XML = 'packaging/linux/lockstep-incident.xml';
export const linuxDebScripts = { postinst: 'packaging/linux/postinst', postrm: 'packaging/linux/postrm' };

export const config: ForgeConfig = {
  packagerConfig: {
    asar: true,
    name: 'Lockstep',
    executableName: 'lockstep',
    appBundleId: 'app.lockstep.console',
    appCategoryType: 'public.app-category.developer-tools',
    // macOS: Finder sends these files to the app (open-file).
    extendInfo: { CFBundleDocumentTypes: incidentDocumentTypes },
    // Linux: the MIME type's XML, ending in resources/ (/usr/lib/lockstep/resources/ once the .deb is installed).
    extraResource: [LINUX_MIME_XML],
  },
  rebuildConfig: {},
  makers: [
    new MakerSquirrel({ name: 'lockstep' }),
    new MakerZIP({}, ['darwin', 'linux']),
    new MakerDeb({ options: { name: 'lockstep', productName: 'Lockstep', categories: ['Development', 'Utility'], mimeType: [INCIDENT_FILE_MIME_TYPE], scripts: linuxDebScripts } }),
    new MakerDMG({}),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
        // The trace columns worker, a file of its own beside main.cjs (electron/main/main.ts starts it).
        { entry: 'services/traces/columns-worker.ts', config: 'vite.worker.config.ts', target: 'main' },
      ],
      // The HTML report's page too: the desktop host assembles reports from its build (.vite/renderer/report).
      renderer: [
        { name: 'main_window', config: 'vite.renderer.config.ts' },
        { name: 'report', config: 'vite.report.config.ts' },
      ],
    }),
    new FusesPlugin(fuses),
  ],
};

// Forge loads this file and reads its default export.
export default config;
