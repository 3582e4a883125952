import { contentSecurityPolicy } from '../../shared/page-policy';
import { RendererFiles } from '../../services/static/renderer-files';
import { APP_HOST, APP_SCHEME } from './app-url';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(["'self'"]);

/** Kept here too: callers and tests of the Electron host know it by this module. */
export { resolveRequestPath } from '../../services/static/renderer-files';

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

const plain = (status: number, message: string): Response =>
  new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });

/**
 * A `protocol.handle` handler serving the built renderer from `rendererDir`, read-only.
 * Path safety, MIME types and caching come from services/static, shared with the web host.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const files = new RendererFiles(rendererDir);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Only GET and HEAD are served.');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'That is not a valid address.');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Unknown host.');
    const found = await files.lookup(url.pathname);
    switch (found.kind) {
      case 'bad-path':
        return plain(400, 'That path is not validly encoded.');
      case 'forbidden':
        return plain(403, 'That path is outside the application.');
      case 'not-found':
        return plain(404, 'Not found.');
      case 'error':
        return plain(500, `Could not read the application file: ${found.message}`);
    }
    const { file } = found;
    try {
      const body = request.method === 'HEAD' ? null : await files.read(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': file.contentType,
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': file.cacheControl,
          ETag: file.etag,
        },
      });
    } catch (error) {
      // Removed or replaced between the lookup and the read (a rebuild in progress).
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return plain(404, 'Not found.');
      return plain(500, `Could not read the application file: ${(error as Error).message}`);
    }
  };
}

export function installAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
