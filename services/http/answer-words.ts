import { SourceError } from '../datasources/types';
import { formatBytes } from './failure-words';

/**
 * Words for an answer that came back whole but is not what the API sends: an HTML page
 * (a login proxy, a captive portal, the wrong port), JSON that does not parse, a refusal.
 */

/** An HTML page, by its content type or its first tag. */
export function isHtml(text: string, contentType: string | undefined): boolean {
  if (contentType && /\btext\/html\b|application\/xhtml/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(text.slice(0, 500));
}

/** The page's <title>, entities decoded and spaces collapsed, at most 80 characters. */
export function htmlTitle(text: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text.slice(0, 64 * 1024));
  if (!match) return undefined;
  const title = decodeEntities(match[1]!).replace(/\s+/g, ' ').trim();
  if (!title) return undefined;
  return title.length > 80 ? `${title.slice(0, 80)}…` : title;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) return safeChar(parseInt(entity.slice(2), 16)) ?? whole;
    if (entity.startsWith('#')) return safeChar(Number(entity.slice(1))) ?? whole;
    return named[entity.toLowerCase()] ?? whole;
  });
}

function safeChar(code: number): string | undefined {
  return Number.isInteger(code) && code > 0x1f && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** "an HTML page (title: 'Sign in')", or "an HTML page" when it has none. */
export function htmlPage(text: string): string {
  const title = htmlTitle(text);
  return title ? `an HTML page (title: '${title}')` : 'an HTML page';
}

/**
 * A 2xx answer where JSON was expected, said for what it is: an HTML page (most often a
 * sign-in page of a proxy in front of the API), JSON that breaks off or is malformed (where),
 * or text.
 */
export function notJson(sourceId: string, host: string, text: string, contentType: string | undefined, api: string | undefined): SourceError {
  if (isHtml(text, contentType)) {
    const title = htmlTitle(text);
    const guess = title ? 'a login proxy in front of it?' : 'a login proxy in front of it, or the wrong URL?';
    return new SourceError(sourceId, `${host} answered with ${htmlPage(text)}, not ${api ?? 'the API'} — ${guess}`, 'bad_response', 'html');
  }
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || trimmed === '') {
    return new SourceError(sourceId, `${host} sent ${jsonProblem(text)}`, 'bad_response', 'not_json');
  }
  return new SourceError(sourceId, `${host} answered with something that is not JSON: ${firstLine(text)}`, 'bad_response', 'not_json');
}

/** What is wrong with text that should be JSON, and where. */
function jsonProblem(text: string): string {
  const size = Buffer.byteLength(text, 'utf8');
  if (text.trim() === '') return 'an empty answer where JSON was expected';
  try {
    JSON.parse(text);
    return 'JSON that could not be read';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message)?.[1];
    // V8 says "Unexpected end", or "Unterminated string" at the very end, for JSON that simply stops.
    if (/Unexpected end of JSON input/.test(message) || (/Unterminated string/.test(message) && Number(position) >= text.trimEnd().length - 1)) {
      return `JSON that stops in the middle, after ${formatBytes(size)} — the answer was cut off on the way`;
    }
    const what = message.replace(/\s*in JSON at position.*$/, '').replace(/, ".*" is not valid JSON$/s, '');
    if (position === undefined) return `invalid JSON (${what})`;
    const at = Number(position);
    const near = text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');
    return `invalid JSON at character ${at + 1} of ${text.length} (${what}), near '${near}'`;
  }
}

/** The backend's own reason for a refusal, or the first line of its answer; an HTML error page by its title. */
export function errorReason(text: string, status: number, contentType?: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string' && json) return json;
    if (typeof json === 'object' && json !== null) {
      const { error, message, errors } = json as { error?: unknown; message?: unknown; errors?: unknown };
      if (typeof error === 'string' && error) return error;
      if (typeof message === 'string' && message) return message;
      // Jaeger's query API: {"data": null, "errors": [{"code": 404, "msg": "trace not found"}]}
      if (Array.isArray(errors)) {
        const messages = errors.flatMap((e) => (typeof (e as { msg?: unknown })?.msg === 'string' ? [(e as { msg: string }).msg] : []));
        if (messages.length > 0) return messages.join('; ');
      }
    }
  } catch {
    // not JSON: an HTML page by its title, else the first line of the text says it best
  }
  if (isHtml(text, contentType)) return htmlPage(text);
  return firstLine(text) || `HTTP ${status}`;
}

export function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
