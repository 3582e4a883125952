import { MAX_INCIDENT_FILE_BYTES } from '../api/bundle';

/**
 * The self-contained HTML report (services/export/html-report.ts) carries the incident
 * file inside itself, as base64 in a script element the browser never runs (its type is
 * not JavaScript). The report's page and the app both read it back with
 * `extractIncidentFileFromHtml`, so an .html report is an incident file wherever one opens.
 */
export const INCIDENT_EMBED_ID = 'lockstep-incident';
/** Not a script type: a browser keeps the element's text as data and never executes it. */
export const INCIDENT_EMBED_TYPE = 'application/octet-stream';
export const HTML_REPORT_EXTENSION = '.lockstep.html';

export type ExtractedIncidentFile = { ok: true; name: string | undefined; bytes: Uint8Array } | { ok: false; problem: string };

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) DIGIT[BASE64_ALPHABET.charCodeAt(i)] = i;

/** Escapes text for an HTML attribute or element body: nothing in it can end the attribute, the element or start a tag. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The few entities escapeHtml writes, and the named ones an editor might have put back. */
function unescapeHtml(text: string): string {
  return text
    .replace(/&#(\d{1,7});/g, (_, code: string) => String.fromCodePoint(Math.min(Number(code), 0x10ffff)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Whether a picked file is an HTML report rather than an incident file: by name, or by how its text starts. */
export function looksLikeHtml(name: string, head: string): boolean {
  if (/\.html?$/i.test(name)) return true;
  return /^\s*(<!doctype html|<html[\s>])/i.test(head.slice(0, 1024).replace(/^\uFEFF/, ''));
}

/**
 * Reads the incident file out of a Lockstep HTML report. Refuses, with one sentence, a page
 * that carries none, one whose data is not base64, and one whose file would exceed the
 * limit every incident file has (MAX_INCIDENT_FILE_BYTES) — checked from the text's length
 * before a byte is decoded.
 */
export function extractIncidentFileFromHtml(text: string): ExtractedIncidentFile {
  const open = findEmbedTag(text);
  if (!open) {
    return { ok: false, problem: 'This HTML page is not a Lockstep incident report: it carries no embedded incident file.' };
  }
  const close = text.indexOf('</script', open.end);
  if (close < 0) return { ok: false, problem: 'The incident report is cut short: its embedded incident file has no end (the file was truncated).' };
  const encoded = text.slice(open.end, close).replace(/\s+/g, '');
  const decodedBytes = Math.floor((encoded.length * 3) / 4);
  if (decodedBytes > MAX_INCIDENT_FILE_BYTES + 2) {
    return { ok: false, problem: `The incident file inside this report is larger than the ${MAX_INCIDENT_FILE_BYTES / 1_000_000} MB limit, so it was not read.` };
  }
  const bytes = decodeBase64(encoded);
  if (!bytes) return { ok: false, problem: 'The incident file inside this report is damaged: its embedded data is not valid base64.' };
  if (bytes.length === 0) return { ok: false, problem: 'The incident report carries an empty incident file.' };
  return { ok: true, name: open.name, bytes };
}

/** The opening tag of the embed element: its end offset and the file name it records. */
function findEmbedTag(text: string): { end: number; name: string | undefined } | undefined {
  const tags = /<script\b([^>]*)>/gi;
  for (let match = tags.exec(text); match; match = tags.exec(text)) {
    const attributes = match[1] ?? '';
    const id = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
    if ((id?.[1] ?? id?.[2] ?? id?.[3]) !== INCIDENT_EMBED_ID) continue;
    const name = /\bdata-name\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
    return { end: match.index + match[0].length, name: name === undefined ? undefined : unescapeHtml(name).slice(0, 255) };
  }
  return undefined;
}

/** Standard base64 (padding optional) to bytes; undefined for any other character. */
export function decodeBase64(encoded: string): Uint8Array | undefined {
  const body = encoded.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let value = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const digit = code < 128 ? DIGIT[code]! : -1;
    if (digit < 0) return undefined;
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Bytes to standard base64 with padding (what the embed element holds). */
export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    chunk +=
      BASE64_ALPHABET[(n >> 18) & 63]! +
      BASE64_ALPHABET[(n >> 12) & 63]! +
      (b === undefined ? '=' : BASE64_ALPHABET[(n >> 6) & 63]!) +
      (c === undefined ? '=' : BASE64_ALPHABET[n & 63]!);
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

/** The element that carries the file: only base64 and escaped attributes, so nothing in the incident can close it. */
export function incidentEmbedElement(bytes: Uint8Array, name: string): string {
  return `<script type="${INCIDENT_EMBED_TYPE}" id="${INCIDENT_EMBED_ID}" data-name="${escapeHtml(name)}">${encodeBase64(bytes)}</script>`;
}
