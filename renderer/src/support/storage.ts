/** localStorage that tolerates its absence (tests, locked-down browsers). */
export function readPref(key: string): string | undefined {
  try {
    return globalThis.localStorage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writePref(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // A preference that cannot be kept is not worth interrupting anyone for.
  }
}
