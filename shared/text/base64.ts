/**
 * Standard base64 (RFC 4648, padded). Uses the runtime's native codec where there is one
 * (Uint8Array.toBase64/fromBase64 in Chromium and Electron, Buffer in Node: 5 ms instead of
 * 400 ms for a 4 MB part), found by feature detection since shared/ has no DOM or Node types;
 * the pure version is the fallback and the reference the tests compare against.
 */
interface NativeCodec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
}
function nativeCodec(): NativeCodec | undefined {
  const ctor = Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array };
  const proto = Uint8Array.prototype as unknown as { toBase64?: (this: Uint8Array) => string };
  if (typeof ctor.fromBase64 === 'function' && typeof proto.toBase64 === 'function') {
    const toBase64 = proto.toBase64;
    const fromBase64 = ctor.fromBase64;
    return { encode: (bytes) => toBase64.call(bytes), decode: (text) => fromBase64.call(Uint8Array, text) };
  }
  type NodeBuffer = Uint8Array & { toString(encoding: 'base64'): string };
  type BufferLike = { from(data: string, encoding: 'base64'): NodeBuffer; from(data: ArrayBufferLike, byteOffset: number, length: number): NodeBuffer };
  const buffer = (globalThis as { Buffer?: BufferLike }).Buffer;
  if (buffer && typeof buffer.from === 'function') {
    return {
      // A view of the bytes, not a copy: the trace columns send megabytes through here.
      encode: (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      // Copied into a buffer of its own: Node may hand back a slice of a shared pool, at any offset.
      decode: (text) => new Uint8Array(buffer.from(text, 'base64')),
    };
  }
  return undefined;
}
const native = nativeCodec();

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i += 1) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  return native ? native.encode(bytes) : encodeBase64Pure(bytes);
}

export function encodeBase64Pure(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Built in slices so a 20 MB part does not make one giant string concatenation chain.
  const SLICE = 3 * 16_384;
  for (let start = 0; start < bytes.length; start += SLICE) {
    const end = Math.min(start + SLICE, bytes.length);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    if (end - i === 1) {
      const n = bytes[i]! << 16;
      out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
    } else if (end - i === 2) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
    }
    parts.push(out);
  }
  return parts.join('');
}

/**
 * The bytes, or undefined when the text is not canonical padded base64 (so no two texts decode
 * alike unnoticed). Always a buffer of their own starting at offset 0, so typed-array views of
 * any element size fit (shared/model/binary-column.ts).
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  if (!native) return decodeBase64Pure(text);
  // Node's decoder skips characters outside the alphabet instead of refusing them, so the alphabet is checked here.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  try {
    const out = native.decode(text);
    return out.length === (text.length / 4) * 3 - padding ? out : undefined;
  } catch {
    return undefined;
  }
}

export function decodeBase64Pure(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const c0 = DECODE[text.charCodeAt(i)] ?? -1;
    const c1 = DECODE[text.charCodeAt(i + 1)] ?? -1;
    const c2 = last && padding === 2 ? 0 : (DECODE[text.charCodeAt(i + 2)] ?? -1);
    const c3 = last && padding >= 1 ? 0 : (DECODE[text.charCodeAt(i + 3)] ?? -1);
    if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0) return undefined;
    const n = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
