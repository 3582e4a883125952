import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';

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

  hostAllowed(request: IncomingMessage): boolean {
    const host = request.headers.host?.toLowerCase();
    return host !== undefined && this.allowedHosts.has(host);
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

/** The install's token: made once, kept readable by the owner only. */
export function loadOrCreateToken(file: string): string {
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(existing)) return existing;
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
