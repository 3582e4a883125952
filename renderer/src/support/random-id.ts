/**
 * 16 random bytes as hex (32 characters). Not crypto.randomUUID: a wall on the LAN opens the
 * console over plain HTTP by the machine's name, which is not a secure context, and there
 * randomUUID is absent; getRandomValues is everywhere.
 */
export function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
