import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { contentSecurityPolicy, mimeTypeFor } from '../shared/page-policy';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(["'self'", 'ws:', 'wss:']);

export function securityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  // The page URL carries the access token; never leak it in a Referer.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** Serves the built renderer; unknown paths fall back to index.html (single-page app). */
export function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): void {
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
  const relative = normalize(pathname).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) {
    response.writeHead(403).end('Forbidden');
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end('The Lockstep console has not been built yet. Run: npm run build');
    return;
  }
  const isIndex = file.endsWith('index.html');
  response.writeHead(200, {
    'content-type': mimeTypeFor(file),
    'cache-control': isIndex ? 'no-store' : 'public, max-age=3600',
  });
  createReadStream(file).pipe(response);
}
