/**
 * The content rules both hosts serve the renderer with. They differ only in where the
 * page may connect: the desktop page talks over IPC, the web page over its WebSocket.
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Recharts and React set inline style attributes; scripts stay locked to our own files.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src ${connectSources.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** `host:port` as a validated Host header gives it: a name, IPv4 or bracketed IPv6, and a port. */
const HOST_AND_PORT = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\]):[0-9]{1,5}$/i;

/**
 * The web host's policy for a page served under `hostAndPort` (the request's own Host,
 * already checked against the host's allow-list). The page may open a WebSocket to that
 * server only — never to any `ws:` host, which would let injected script reach anywhere.
 * Anything that is not a plain host:port (CSP syntax like `;` or a space) gets no
 * WebSocket source at all rather than a rewritten policy.
 */
export function webContentSecurityPolicy(hostAndPort: string | undefined): string {
  const own = hostAndPort !== undefined && HOST_AND_PORT.test(hostAndPort) ? [`ws://${hostAndPort.toLowerCase()}`] : [];
  return contentSecurityPolicy(["'self'", ...own]);
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  const name = filePath.slice(Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? MIME_TYPES[name.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
