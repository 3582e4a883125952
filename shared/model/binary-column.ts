/**
 * Number columns as base64 text of their bytes (little-endian), so a 100,000-value column
 * travels inside a JSON answer — the web host's HTTP/WebSocket and Electron's IPC carry it
 * unchanged — as one string instead of 100,000 decimal numbers to print, parse and check one by
 * one. The base64 itself is shared/text/base64.ts: the runtime's own codec where there is one
 * (Chromium's Uint8Array.fromBase64, Node's Buffer), pure TypeScript elsewhere.
 */
import { decodeBase64, encodeBase64 } from '../text/base64';

/** Typed arrays use the machine's byte order; the wire is little-endian, as every machine Lockstep runs on is. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function int32ToBase64(values: Int32Array): string {
  return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function float64ToBase64(values: Float64Array): string {
  return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * The column's values, viewed in place: the decoded bytes start a buffer of their own (offset 0,
 * so aligned for any element size). Undefined when the text is not base64 or its bytes are not
 * a whole number of values.
 */
export function base64ToInt32(text: string): Int32Array | undefined {
  const bytes = decodeBase64(text);
  if (!bytes || bytes.byteLength % 4 !== 0) return undefined;
  return new Int32Array(bytes.buffer, 0, bytes.byteLength / 4);
}

export function base64ToFloat64(text: string): Float64Array | undefined {
  const bytes = decodeBase64(text);
  if (!bytes || bytes.byteLength % 8 !== 0) return undefined;
  return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
}
