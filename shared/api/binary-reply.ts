import { decodeUtf8Strict, encodeUtf8 } from '../text/utf8';

/**
 * A reply whose value carries number columns (a trace's columns: shared/model/trace-columns.ts),
 * sent over the web host's WebSocket as one binary frame instead of JSON with base64 text:
 * the columns' bytes go as they are, and the page views them in place. For a 100,000-span
 * trace that spares the host base64 and JSON.stringify of about 13 MB of text, and the page
 * the decoding of a 15 MB text frame, its JSON.parse and the base64 decoding.
 *
 * Frame: "LSB1" (4 bytes), the header's length (uint32, little-endian), the header (UTF-8
 * JSON: `{ id, value, columns }`, `value` without its columns and `columns` saying where each
 * one lies), zero padding to a multiple of 8, then each column's bytes at a multiple of 8.
 * Only replies that succeeded travel so; errors and events stay JSON text.
 *
 * The decoder trusts nothing in the frame: every offset, length and key is checked, and what
 * it gives back still goes through the method's schema (TraceColumnsSchema) like any reply.
 */

const MAGIC = [0x4c, 0x53, 0x42, 0x31]; // "LSB1"
const PREFIX_BYTES = 8;
/** Column keys are plain identifiers; nothing that could reach an object's prototype. */
const KEY = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const FORBIDDEN_KEYS = new Set(['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']);

type ColumnType = 'i32' | 'f64';
interface ColumnPlace {
  key: string;
  type: ColumnType;
  offset: number;
  length: number;
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * A reply's frame before its call id is known: the header's JSON after the id, and where each
 * column goes. Made once per value (web/web-socket.ts keeps it with a cached trace), so a
 * reopened trace is not stringified again.
 */
export interface BinaryReplyBody {
  /** The header without its opening `{"id":N,`: `"value":…,"columns":[…]}`. */
  headerTail: string;
  columns: readonly (Int32Array | Float64Array)[];
}

/** The body of a binary frame for a value that holds number columns. */
export function binaryReplyBody(value: Record<string, unknown>): BinaryReplyBody {
  const rest: Record<string, unknown> = {};
  const columns: (Int32Array | Float64Array)[] = [];
  const places: ColumnPlace[] = [];
  let body = 0;
  for (const [key, field] of Object.entries(value)) {
    if (field instanceof Int32Array || field instanceof Float64Array) {
      if (!KEY.test(key) || FORBIDDEN_KEYS.has(key)) throw new Error(`column "${key}" cannot travel in a binary reply`);
      places.push({ key, type: field instanceof Int32Array ? 'i32' : 'f64', offset: body, length: field.length });
      columns.push(field);
      body = align8(body + field.byteLength);
    } else {
      rest[key] = field;
    }
  }
  return { headerTail: JSON.stringify({ value: rest, columns: places }).slice(1), columns };
}

/**
 * The frame for call `id` as parts to send in order, as one message: the prefix and header,
 * then each column's own bytes (a view, not a copy) with the zero padding that keeps the next
 * one 8-byte aligned. Sent as fragments of one WebSocket message, a 100,000-span trace's
 * 10 MB of columns are never copied into a frame.
 */
export function binaryReplyParts(id: number, body: BinaryReplyBody): Uint8Array[] {
  if (!Number.isSafeInteger(id) || id < 0) throw new Error(`a binary reply needs a call id, not ${String(id)}`);
  const header = encodeUtf8(`{"id":${id},${body.headerTail}`);
  const head = new Uint8Array(align8(PREFIX_BYTES + header.byteLength));
  head.set(MAGIC, 0);
  new DataView(head.buffer).setUint32(4, header.byteLength, true);
  head.set(header, PREFIX_BYTES);
  const parts: Uint8Array[] = [head];
  for (const column of body.columns) {
    if (column.byteLength === 0) continue;
    parts.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    const pad = align8(column.byteLength) - column.byteLength;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  return parts;
}

/** One binary frame for a successful reply to call `id` whose value holds number columns (the parts above, joined). */
export function encodeBinaryReply(id: number, value: Record<string, unknown>): Uint8Array {
  const parts = binaryReplyParts(id, binaryReplyBody(value));
  const frame = new Uint8Array(parts.reduce((bytes, part) => bytes + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    frame.set(part, at);
    at += part.byteLength;
  }
  return frame;
}

export type DecodedBinaryReply = { ok: true; message: { type: 'reply'; id: number; reply: { ok: true; value: Record<string, unknown> } } } | { ok: false; problem: string };

/**
 * The reply message a binary frame carries, its columns as views of the frame's bytes (no
 * copy), or what is wrong with it in words.
 */
export function decodeBinaryReply(frame: ArrayBuffer): DecodedBinaryReply {
  const fail = (problem: string): DecodedBinaryReply => ({ ok: false, problem });
  const bytes = new Uint8Array(frame);
  if (bytes.byteLength < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) return fail('it does not start as a Lockstep binary reply');
  const headerBytes = new DataView(frame).getUint32(4, true);
  if (PREFIX_BYTES + headerBytes > bytes.byteLength) return fail('its header runs past its end');
  let header: unknown;
  try {
    header = JSON.parse(decodeUtf8Strict(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)));
  } catch {
    return fail('its header is not UTF-8 JSON');
  }
  if (typeof header !== 'object' || header === null) return fail('its header is not an object');
  const { id, value, columns } = header as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isInteger(id)) return fail('it names no call');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('it carries no value');
  if (!Array.isArray(columns)) return fail('it lists no columns');
  const start = align8(PREFIX_BYTES + headerBytes);
  const out = value as Record<string, unknown>;
  for (const place of columns as unknown[]) {
    const { key, type, offset, length } = (place ?? {}) as Partial<ColumnPlace>;
    if (typeof key !== 'string' || !KEY.test(key) || FORBIDDEN_KEYS.has(key) || Object.prototype.hasOwnProperty.call(out, key)) return fail(`a column has a bad or repeated name (${String(key).slice(0, 40)})`);
    if (type !== 'i32' && type !== 'f64') return fail(`column "${key}" has an unknown type`);
    if (typeof offset !== 'number' || typeof length !== 'number' || !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset % 8 !== 0) {
      return fail(`column "${key}" has a bad place in the frame`);
    }
    const size = type === 'i32' ? 4 : 8;
    if (start + offset + length * size > bytes.byteLength) return fail(`column "${key}" runs past the end of the frame — the answer was cut short`);
    out[key] = type === 'i32' ? new Int32Array(frame, start + offset, length) : new Float64Array(frame, start + offset, length);
  }
  return { ok: true, message: { type: 'reply', id, reply: { ok: true, value: out } } };
}

/**
 * The call a damaged frame answers, when its header can still be read that far, so that
 * call fails in words at once instead of waiting out its timeout.
 */
export function binaryReplyId(frame: ArrayBuffer): number | undefined {
  const bytes = new Uint8Array(frame);
  if (bytes.byteLength < PREFIX_BYTES + 8) return undefined;
  // The header starts `{"id":N,`: read the digits without trusting the rest.
  const head = String.fromCharCode(...bytes.subarray(PREFIX_BYTES, Math.min(bytes.byteLength, PREFIX_BYTES + 24)));
  const match = /^\{"id":(\d{1,15})[,}]/.exec(head);
  return match ? Number(match[1]) : undefined;
}
