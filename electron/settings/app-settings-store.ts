import ElectronStore from 'electron-store';
import { openStore } from './open-store';
import type { RawStore } from './settings';

/** The app's settings store: electron-store, opened with openStore's corrupt-file rescue. */
export function openSettingsStore(cwd: string, warn: (message: string) => void): RawStore {
  return openStore((options) => new ElectronStore<Record<string, unknown>>(options), 'settings', cwd, warn);
}
