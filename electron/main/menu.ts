import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openIncidentFile(): void;
  /** Prints the window to a PDF (electron/main/pdf-summary.ts). */
  savePdfSummary?: () => void;
  reload(): void;
  toggleFullScreen(): void;
  toggleDevTools?: () => void;
}

/** Keyboard-first: every action an on-call needs from the menu has an accelerator. */
export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open incident file…', accelerator: 'CmdOrCtrl+O', click: () => actions.openIncidentFile() },
      ...(actions.savePdfSummary ? [{ label: 'Save PDF summary…', accelerator: 'CmdOrCtrl+P', click: actions.savePdfSummary }] : []),
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
      { label: 'Toggle full screen (wall)', accelerator: mac ? 'Ctrl+Cmd+F' : 'F11', click: () => actions.toggleFullScreen() },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      ...(actions.toggleDevTools
        ? [{ type: 'separator' as const }, { label: 'Developer tools', accelerator: 'CmdOrCtrl+Alt+I', click: actions.toggleDevTools }]
        : []),
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const app: MenuItemConstructorOptions[] = mac ? [{ role: 'appMenu' }] : [];
  return [...app, file, edit, view, { role: 'windowMenu' }];
}
