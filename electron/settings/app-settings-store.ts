import ElectronStore from 'electron-store';
import { openStore } from './open-store';
import type { RawStore } from './settings';

/** The app's settings store: electron-store, opened with openStore's corrupt-file rescue. */
export function openSettingsStore(cwd: string, warn: (message: string) => void): RawStore {
  return openStore((options) => new ElectronStore<Record<string, unknown>>(options), 'settings', cwd, warn);
}

/** The ciphertexts of credentials.ts, in a file of their own so settings can be shared or reset without them. */
export function openCredentialFile(cwd: string, warn: (message: string) => void): RawStore {
  // Owner-only, like the web host's file: the ciphertexts need the keyring, but need not be readable by others.
  return openStore((options) => new ElectronStore<Record<string, unknown>>({ ...options, configFileMode: 0o600 }), 'credentials', cwd, warn);
}
