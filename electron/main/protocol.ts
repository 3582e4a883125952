import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentSecurityPolicy, mimeTypeFor } from '../../shared/page-policy';
import { APP_HOST, APP_SCHEME } from './app-url';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(["'self'"]);

/** The subset of Electron's `protocol` module this file uses. */
export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Must run before `app` is ready: Chromium fixes scheme privileges at startup. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origin and relative URLs; secure: counts as a secure context.
    // Deliberately no bypassCSP, corsEnabled or allowServiceWorkers.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const isInside = (root: string, candidate: string): boolean => {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
};

/**
 * Maps a request path to a file under `root`, or null when it would escape it. The URL
 * parser already folds plain `..` segments, but percent-encoded ones (`%2e%2e%2f`) and
 * backslashes survive it, so the check runs on the decoded path.
 */
export function resolveRequestPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = resolve(root, relativePath);
  return isInside(root, candidate) ? candidate : null;
}

const plain = (status: number, message: string): Response =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });

/** A `protocol.handle` handler serving the built renderer from `rendererDir`, read-only. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  let realRoot: Promise<string> | undefined;

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD are served.');
    const url = new URL(request.url);
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Unknown host.');
    const filePath = resolveRequestPath(root, url.pathname);
    if (filePath === null) return plain(403, 'That path is outside the application.');
    try {
      realRoot ??= realpath(root);
      // A symlink inside the bundle must not lead out of it either.
      const real = await realpath(filePath);
      if (!isInside(await realRoot, real)) return plain(403, 'That path is outside the application.');
      if (!(await stat(real)).isFile()) return plain(404, 'Not found.');
      const body = request.method === 'HEAD' ? null : await readFile(real);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': mimeTypeFor(real),
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return plain(404, 'Not found.');
      return plain(500, `Could not read the application file: ${(error as Error).message}`);
    }
  };
}

export function installAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
