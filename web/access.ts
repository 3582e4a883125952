import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ActingIdentity } from '../services/actions/acting-identity';
import { ensurePrivateDir, restrictPrivateFile, writePrivateFileAtomic } from '../services/util/private-files';

/**
 * One way in to the web host: a secret token, who it acts as, and what it may do. An
 * operator acts; a viewer — the URL for a wall screen on the LAN — can only look.
 */
export interface AccessCredential extends ActingIdentity {
  readonly token: string;
}

/**
 * Any web page in the person's browser can reach 127.0.0.1, so the web host trusts a
 * request only when (1) its Host names this server — which defeats DNS rebinding —
 * (2) its Origin, if any, is this server — which defeats cross-site requests — and
 * (3) it carries the install's access token.
 */
export class AccessPolicy {
  private readonly allowedHosts: Set<string>;
  private readonly credentials: readonly { bytes: Buffer; credential: AccessCredential }[];

  /** `credentials`: every token let in; a bare string is one operator token (tests). */
  constructor(
    credentials: string | readonly AccessCredential[],
    port: number,
    extraHosts: readonly string[] = [],
  ) {
    this.allowedHosts = new Set(
      ['127.0.0.1', 'localhost', '[::1]', ...extraHosts].map((h) => `${h}:${port}`.toLowerCase()),
    );
    const list = typeof credentials === 'string' ? [{ token: credentials, name: 'operator', role: 'operator' as const }] : credentials;
    this.credentials = list.map((credential) => ({ bytes: Buffer.from(credential.token), credential }));
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
    return this.credentialFor(candidate) !== undefined;
  }

  /** The credential this token belongs to; every one is compared, in constant time each, so timing tells nothing. */
  credentialFor(candidate: string | undefined | null): AccessCredential | undefined {
    if (!candidate) return undefined;
    const bytes = Buffer.from(candidate);
    let found: AccessCredential | undefined;
    for (const { bytes: own, credential } of this.credentials) {
      if (bytes.length === own.length && timingSafeEqual(bytes, own)) found ??= credential;
    }
    return found;
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

/** An install's token: made once, kept readable by the owner only (also a file an older build left looser). */
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

/** Where the web host keeps its credentials, each file 0600 in the 0700 data folder. */
export const ACCESS_FILES = {
  /** The first operator's token (named after the OS user who started the host); the file older builds made. */
  operator: 'web-token',
  /** The viewer token: the wall-screen URL. */
  viewer: 'web-viewer-token',
  /** More operators, each with a name: `{"operators":[{"name":"alice","token":"…"}]}`. */
  operators: 'web-operators.json',
} as const;

const OperatorsFileSchema = z.object({
  operators: z.array(z.object({ name: z.string().trim().min(1).max(100), token: z.string().regex(/^[A-Za-z0-9_-]{32,}$/) })),
});

/** A credential's name becomes the author of what it does: short, printable, no control or bidi characters. */
export const CredentialNameSchema = z
  .string()
  .trim()
  .min(1, 'give the credential a name')
  .max(100)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'use letters, digits, spaces and punctuation only');

export interface AccessOptions {
  /** The first operator's name: the OS user who started the host. */
  ownerName: string;
  /** Further operators by name: each is made once (a token of its own) and kept. */
  operatorNames?: readonly string[];
  /** Overrides the stored tokens (tests). */
  operatorToken?: string;
  viewerToken?: string;
}

/**
 * The web host's credentials: the first operator (the person who runs it), one viewer for
 * wall screens, and any named operators asked for. Tokens are made once per install and
 * kept, so printed URLs stay valid across restarts.
 */
export function loadOrCreateCredentials(dataDir: string, options: AccessOptions): AccessCredential[] {
  const owner = CredentialNameSchema.parse(options.ownerName);
  const credentials: AccessCredential[] = [
    { name: owner, role: 'operator', token: options.operatorToken ?? loadOrCreateToken(join(dataDir, ACCESS_FILES.operator)) },
    { name: 'viewer', role: 'viewer', token: options.viewerToken ?? loadOrCreateToken(join(dataDir, ACCESS_FILES.viewer)) },
  ];
  const wanted = (options.operatorNames ?? []).map((n) => CredentialNameSchema.parse(n));
  const file = join(dataDir, ACCESS_FILES.operators);
  if (wanted.length === 0 && !existsSync(file)) return credentials;
  const stored = readOperators(file);
  let changed = false;
  for (const name of wanted) {
    if (name === owner || stored.some((o) => o.name === name)) continue;
    stored.push({ name, token: randomBytes(24).toString('base64url') });
    changed = true;
  }
  if (changed) writePrivateFileAtomic(file, `${JSON.stringify({ operators: stored }, null, 2)}\n`);
  for (const o of stored) if (o.name !== owner) credentials.push({ name: o.name, role: 'operator', token: o.token });
  return credentials;
}

function readOperators(file: string): { name: string; token: string }[] {
  ensurePrivateDir(dirname(file));
  if (!existsSync(file)) return [];
  restrictPrivateFile(file);
  const parsed = OperatorsFileSchema.safeParse(safeJson(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a list of operators Lockstep can read; fix or remove it.`);
  return parsed.data.operators;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
