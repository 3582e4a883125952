/** An idempotency key; crypto.randomUUID exists in every browser and Electron we target. */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
