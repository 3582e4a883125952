import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { webContentSecurityPolicy } from '../shared/page-policy';
import { ASSETS_DIR } from '../services/static/cache-policy';
import { isNotModified } from '../services/static/conditional-get';
import type { RendererFile, RendererFiles } from '../services/static/renderer-files';

export const NOT_BUILT_MESSAGE = 'The Lockstep console has not been built yet. Run: npm run build';

/**
 * Headers every answer carries. `ownHost` is the request's Host once the access policy has
 * accepted it: the page may open its WebSocket back to exactly that server. Unknown
 * hosts get no WebSocket source at all.
 */
export function securityHeaders(response: ServerResponse, ownHost: string | undefined): void {
  response.setHeader('Content-Security-Policy', webContentSecurityPolicy(ownHost));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  // The page URL carries the access token; never leak it in a Referer.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/**
 * Paths the single-page app may own: not a bundle file, and no extension in the last
 * segment. A missing `/assets/x.js` or `/favicon.ico` is a 404, not a page of HTML
 * that the browser would try to run as a script.
 */
function isAppRoute(pathname: string): boolean {
  if (pathname.startsWith(`/${ASSETS_DIR}/`)) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.');
}

const plain = (response: ServerResponse, status: number, message: string): void => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(message);
};

/**
 * Serves the built renderer (GET and HEAD; the caller refuses other methods): path safety,
 * MIME type and caching from services/static, shared with the Electron host; here only
 * the HTTP parts — streaming, HEAD, 304s, the SPA fallback and the not-built answer.
 * Never throws for a bad path; an unexpected failure rejects and the caller answers 500.
 */
export async function serveRendererFile(files: RendererFiles, pathname: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let found = await files.lookup(pathname);
  if (found.kind === 'not-found' && isAppRoute(pathname)) {
    found = await files.lookup('/index.html');
    if (found.kind === 'not-found') return plain(response, 503, NOT_BUILT_MESSAGE);
  }
  switch (found.kind) {
    case 'bad-path':
      return plain(response, 400, 'That path is not validly percent-encoded.');
    case 'forbidden':
      return plain(response, 403, 'Forbidden');
    case 'not-found':
      return plain(response, 404, 'Not found');
    case 'error':
      throw new Error(found.message);
    case 'file':
      return sendFile(found.file, request, response);
  }
}

function sendFile(file: RendererFile, request: IncomingMessage, response: ServerResponse): void {
  const validators = {
    'cache-control': file.cacheControl,
    etag: file.etag,
    'last-modified': new Date(file.modifiedMs).toUTCString(),
  };
  const conditional = { ifNoneMatch: request.headers['if-none-match'], ifModifiedSince: request.headers['if-modified-since'] };
  if (isNotModified(conditional, file.etag, file.modifiedMs)) {
    response.writeHead(304, validators).end();
    return;
  }
  response.writeHead(200, { ...validators, 'content-type': file.contentType, 'content-length': file.size });
  if (request.method === 'HEAD' || file.size === 0) {
    response.end();
    return;
  }
  // pipeline, not pipe: a read error (the file replaced mid-build) or a client that goes
  // away must end this one response, not surface as an unhandled 'error' event. Bounded to
  // the size announced in Content-Length, should the file grow meanwhile.
  pipeline(createReadStream(file.path, { start: 0, end: file.size - 1 }), response, (error) => {
    if (error) response.destroy();
  });
}
