import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { ensurePrivateDir, restrictPrivateFile, writePrivateFileAtomic } from '../services/util/private-files';

/**
 * Any web page in the person's browser can reach 127.0.0.1, so the web host trusts a
 * request only when (1) its Host names this server — which defeats DNS rebinding —
 * (2) its Origin, if any, is this server — which defeats cross-site requests — and
 * (3) it carries the install's access token.
 */
export class AccessPolicy {
  private readonly allowedHosts: Set<string>;
  private readonly tokenBytes: Buffer;

  constructor(
    readonly token: string,
    port: number,
    extraHosts: readonly string[] = [],
  ) {
    this.allowedHosts = new Set(
      ['127.0.0.1', 'localhost', '[::1]', ...extraHosts].map((h) => `${h}:${port}`.toLowerCase()),
    );
    this.tokenBytes = Buffer.from(token);
  }

  /**
   * The request's Host, lowercased, when it names this server; undefined otherwise. Two
   * Host lines are refused (RFC 9112 §3.2): Node keeps the first, and a proxy in front
   * might have used the second.
   */
  ownHost(request: IncomingMessage): string | undefined {
    if (hostLines(request) !== 1) return undefined;
    const host = request.headers.host?.toLowerCase();
    return host !== undefined && this.allowedHosts.has(host) ? host : undefined;
  }

  /** Missing Origin is fine for non-browser clients (curl, tests); a foreign one is not. */
  originAllowed(request: IncomingMessage, required: boolean): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return !required;
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && this.allowedHosts.has(url.host.toLowerCase());
    } catch {
      return false;
    }
  }

  tokenValid(candidate: string | undefined | null): boolean {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === this.tokenBytes.length && timingSafeEqual(bytes, this.tokenBytes);
  }

  bearer(request: IncomingMessage): string | undefined {
    const header = request.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  }
}

function hostLines(request: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) if (request.rawHeaders[i]?.toLowerCase() === 'host') count++;
  return count;
}

/** The install's token: made once, kept readable by the owner only (also a file an older build left looser). */
export function loadOrCreateToken(file: string): string {
  ensurePrivateDir(dirname(file));
  if (existsSync(file)) {
    restrictPrivateFile(file);
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  }
  const token = randomBytes(24).toString('base64url');
  writePrivateFileAtomic(file, `${token}\n`);
  return token;
}
