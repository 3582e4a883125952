import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { type MethodName, methodNames, TOKEN_PARAM, WEB_PATHS } from '../shared';
import type { LockstepConfig } from '../services/config/sources';
import { createServices } from '../services/core/create-services';
import type { LockstepServices } from '../services/core/lockstep-services';
import type { EmbeddedSourceFactory } from '../services/datasources/registry';
import { AccessPolicy, loadOrCreateToken } from './access';
import { securityHeaders, serveStatic } from './static-files';
import { WebSocketGateway } from './web-socket';

export interface WebHostOptions {
  config: LockstepConfig;
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback by default; anything else exposes the console to the network. */
  host?: string;
  /** Overrides the install's stored token (tests). */
  token?: string;
  rendererDir?: string;
  version?: string;
  defaultActor?: string;
  now?: () => number;
  /** Offered by hosts that include the demo fleet (from demo/'s seam). */
  embeddedSource?: EmbeddedSourceFactory;
}

export interface WebHost {
  url: string;
  /** The URL to open: it carries the access token. */
  tokenUrl: string;
  token: string;
  services: LockstepServices;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const methodSet = new Set<string>(methodNames);

/** The same services as the desktop app, over HTTP + WebSocket, for browsers and wall screens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const services = await createServices(options.config, {
    dataDir: options.dataDir,
    version: options.version ?? '0.1.0',
    defaultActor: options.defaultActor ?? process.env.USER ?? 'on-call',
    now: options.now,
    embeddedSource: options.embeddedSource,
  });
  const rendererDir = resolve(options.rendererDir ?? join(process.cwd(), '.vite/renderer/main_window'));
  const token = options.token ?? loadOrCreateToken(join(options.dataDir, 'web-token'));
  const bindHost = options.host ?? '127.0.0.1';

  // Both need the port, which is known only once listening; requests before that are refused.
  const ready: { access?: AccessPolicy; gateway?: WebSocketGateway } = {};
  const server = createServer((request, response) => {
    securityHeaders(response);
    const access = ready.access;
    if (!access?.hostAllowed(request)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: unknown Host');
      return;
    }
    void route(request, response, access, services, rendererDir);
  });
  server.on('upgrade', (request, socket, head) => {
    const gateway = ready.gateway;
    if (new URL(request.url ?? '/', 'http://x').pathname !== WEB_PATHS.ws || !gateway) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    gateway.upgrade(request, socket, head);
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  ready.access = new AccessPolicy(token, port, namesOf(bindHost));
  ready.gateway = new WebSocketGateway(services, ready.access);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    tokenUrl: `${url}/?${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    token,
    services,
    async close() {
      ready.gateway?.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
    },
  };
}

/**
 * The Host names a browser may use to reach this server. On a wildcard bind (a wall
 * screen on the LAN) that is every address and the name of this machine.
 */
function namesOf(bindHost: string): string[] {
  if (bindHost === '127.0.0.1' || bindHost === '::1' || bindHost === 'localhost') return [];
  if (bindHost !== '0.0.0.0' && bindHost !== '::') return [bindHost.includes(':') ? `[${bindHost}]` : bindHost];
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info ? [info.family === 'IPv6' ? `[${info.address}]` : info.address] : []));
  return [...addresses, hostname()];
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  access: AccessPolicy,
  services: LockstepServices,
  rendererDir: string,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === WEB_PATHS.health) {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (url.pathname.startsWith(`${WEB_PATHS.call}/`)) {
    await handleCall(url.pathname.slice(WEB_PATHS.call.length + 1), request, response, access, services);
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    json(response, 404, { ok: false, error: { code: 'not_found', message: 'No such API path.' } });
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  serveStatic(rendererDir, request, response);
}

async function handleCall(
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
  access: AccessPolicy,
  services: LockstepServices,
): Promise<void> {
  if (request.method !== 'POST') return json(response, 405, error('bad_request', 'Use POST.'));
  if (!access.originAllowed(request, false)) return json(response, 403, error('forbidden', 'Cross-site requests are refused.'));
  if (!access.tokenValid(access.bearer(request))) {
    return json(response, 401, error('forbidden', 'Missing or wrong access token: use the URL Lockstep printed when it started.'));
  }
  // JSON only: a cross-site <form> can only send simple content types.
  if (!request.headers['content-type']?.startsWith('application/json')) {
    return json(response, 415, error('bad_request', 'Send the request as application/json.'));
  }
  if (!methodSet.has(method)) return json(response, 404, error('not_found', `Unknown request "${method}".`));
  let body: unknown;
  try {
    body = JSON.parse((await readBody(request)) || '{}');
  } catch (e) {
    return json(response, 400, error('bad_request', e instanceof Error ? e.message : 'bad body'));
  }
  // HTTP callers have no event stream; live queries need the WebSocket.
  const client = { id: `http-${randomUUID()}`, host: 'web' as const, send: () => {} };
  const reply = await services.handle(method as MethodName, body, client);
  services.detach(client.id);
  json(response, reply.ok ? 200 : statusFor(reply.error.code), reply);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body is larger than 1 MB'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function error(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function statusFor(code: string): number {
  switch (code) {
    case 'bad_request':
      return 400;
    case 'not_found':
      return 404;
    case 'forbidden':
    case 'read_only':
      return 403;
    case 'unavailable':
      return 503;
    default:
      return 500;
  }
}
