/**
 * Number columns as base64 text of their bytes (little-endian), so a 100,000-value column
 * travels inside a JSON answer — the web host's HTTP/WebSocket and Electron's IPC carry it
 * unchanged — as one string instead of 100,000 decimal numbers to print, parse and check one by
 * one. Pure TypeScript: the same code runs in the services and in the page.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i += 1) CODES[ALPHABET.charCodeAt(i)] = i;

/** Typed arrays use the machine's byte order; the wire is little-endian, as every machine Lockstep runs on is. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The built-in base64 of typed arrays (Chromium 140+, so the page in both hosts); absent in Node 22, where the code below does it. */
interface NativeBase64 {
  fromBase64?: (text: string, options?: { lastChunkHandling?: 'strict' }) => Uint8Array;
}
const native = Uint8Array as unknown as NativeBase64;

export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Chunks keep String.fromCharCode's argument list small and the intermediate strings short.
  const CHUNK = 3 * 8192;
  const codes = new Array<number>(CHUNK / 3 * 4);
  for (let from = 0; from < bytes.length; from += CHUNK) {
    const to = Math.min(from + CHUNK, bytes.length);
    let k = 0;
    let i = from;
    for (; i + 2 < to; i += 3) {
      const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      codes[k++] = ALPHABET.charCodeAt(v >> 18);
      codes[k++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[k++] = ALPHABET.charCodeAt((v >> 6) & 63);
      codes[k++] = ALPHABET.charCodeAt(v & 63);
    }
    if (i < to) {
      const rest = to - i;
      const v = (bytes[i]! << 16) | (rest > 1 ? bytes[i + 1]! << 8 : 0);
      codes[k++] = ALPHABET.charCodeAt(v >> 18);
      codes[k++] = ALPHABET.charCodeAt((v >> 12) & 63);
      codes[k++] = rest > 1 ? ALPHABET.charCodeAt((v >> 6) & 63) : 61;
      codes[k++] = 61;
    }
    parts.push(String.fromCharCode.apply(null, k === codes.length ? codes : codes.slice(0, k)));
  }
  return parts.join('');
}

/** The bytes, or undefined when the text is not base64 (a damaged answer). */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  if (native.fromBase64) {
    try {
      // A fresh buffer of its own, as below: the views over it start at offset 0.
      return native.fromBase64(text, { lastChunkHandling: 'strict' });
    } catch {
      return undefined;
    }
  }
  let pad = 0;
  if (text.length > 0 && text.charCodeAt(text.length - 1) === 61) pad = text.charCodeAt(text.length - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const a = code(text, i);
    const b = code(text, i + 1);
    const last = i + 4 === text.length;
    const c = last && pad === 2 ? 0 : code(text, i + 2);
    const d = last && pad >= 1 ? 0 : code(text, i + 3);
    if ((a | b | c | d) > 63) return undefined;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

function code(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? CODES[c]! : 255;
}

/** How bytes become base64: this file's, or a faster one the caller has (the services pass Node's Buffer). */
export type Base64Encoder = (bytes: Uint8Array) => string;

export function int32ToBase64(values: Int32Array, encode: Base64Encoder = bytesToBase64): string {
  return encode(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function float64ToBase64(values: Float64Array, encode: Base64Encoder = bytesToBase64): string {
  return encode(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * The column's values, viewed in place: the decoded bytes start a buffer of their own (offset 0,
 * so aligned for any element size). Undefined when the text is not base64 or its bytes are not
 * a whole number of values.
 */
export function base64ToInt32(text: string): Int32Array | undefined {
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.byteLength % 4 !== 0) return undefined;
  return new Int32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

export function base64ToFloat64(text: string): Float64Array | undefined {
  const bytes = base64ToBytes(text);
  if (!bytes || bytes.byteLength % 8 !== 0) return undefined;
  return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
}
