/**
 * The few WebCrypto calls the incident file needs (SHA-256 and Ed25519), typed here because
 * shared/ compiles without DOM or Node types (shared/tsconfig.json). Node 22, Chromium and
 * Electron all provide `globalThis.crypto.subtle` with these algorithms.
 */
interface CryptoKeyLike {
  readonly type: string;
}

interface SubtleLike {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'raw', keyData: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: Array<'verify'>): Promise<CryptoKeyLike>;
  verify(algorithm: { name: 'Ed25519' }, key: CryptoKeyLike, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtle(): SubtleLike {
  const found = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  if (!found) throw new Error('this runtime has no WebCrypto (crypto.subtle), which checking an incident file needs');
  return found;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b];
  return out;
}

export async function sha256Hex(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', data)));
}

/** True only when `signature` is a valid Ed25519 signature of `data` by the raw 32-byte `publicKey`. */
export async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = await subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, key, signature, data);
  } catch {
    return false;
  }
}

/** A signer's fingerprint as people compare it: the first 16 hex digits of SHA-256 of the raw public key, in groups of four. */
export async function keyFingerprint(publicKey: Uint8Array): Promise<string> {
  const hex = await sha256Hex(publicKey);
  return hex.slice(0, 16).match(/.{4}/g)!.join(':');
}
