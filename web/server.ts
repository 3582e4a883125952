import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { BINARY_REPLY_MEDIA_TYPE, CONSOLE_HEADER, type MethodName, methodNames, TOKEN_PARAM, WEB_PATHS } from '../shared';
import type { AppliedOverride } from '../services/config/env-overrides';
import type { LockstepConfig } from '../services/config/sources';
import { createServices } from '../services/core/create-services';
import { ColumnsThread } from '../services/traces/columns-thread';
import { startColumnsWorkerFromSource } from '../services/traces/columns-worker-start';
import type { LockstepServices } from '../services/core/lockstep-services';
import type { EmbeddedSourceFactory } from '../services/datasources/registry';
import { openFileCredentialStore } from '../services/settings/file-credential-store';
import type { CredentialReader } from '../services/settings/credentials';
import { RendererFiles } from '../services/static/renderer-files';
import { handleAs, osUserName } from '../services/actions/acting-identity';
import { type AccessCredential, AccessPolicy, loadOrCreateCredentials } from './access';
import { logLine } from './log-line';
import { rememberedPort, rememberPort } from './port-memory';
import { describeError } from '../services/util/errors';
import { answerClientError, endWithStatus } from './raw-replies';
import { type HostedIncidentFile, serveIncidentFile } from './incident-file';
import { parseRequestTarget } from './request-target';
import { securityHeaders, serveRendererFile } from './static-files';
import { WebSocketGateway } from './web-socket';
import { ConsoleEvents } from './console-events';
import { binaryReplyFor } from './binary-replies';

export interface WebHostOptions {
  config: LockstepConfig;
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * With no port asked for (0): listen on the port the last run used (kept in dataDir,
   * web/port-memory.ts) when it is free, so wall screens' bookmarks survive a restart.
   */
  rememberPort?: boolean;
  /** Loopback by default; anything else exposes the console to the network. */
  host?: string;
  /** Overrides the install's stored operator token (tests). */
  token?: string;
  /** Overrides the install's stored viewer token (tests). */
  viewerToken?: string;
  /** Named operator credentials to make (once) and let in, besides the first one; each prints its own URL. */
  operators?: readonly string[];
  rendererDir?: string;
  /** The HTML report page's build (vite.report.config.ts); by default `report` beside the renderer's build, as `npm run build` writes it. */
  reportDir?: string;
  version?: string;
  /** The first operator credential's name, and who the services record by default: the OS user. */
  defaultActor?: string;
  now?: () => number;
  /** Offered by hosts that include the demo fleet (from demo/'s seam). */
  embeddedSource?: EmbeddedSourceFactory;
  /** Where sources' `auth` credentials are looked up; by default the encrypted file under dataDir (scripts/credentials.ts fills it). */
  credentials?: CredentialReader;
  /** Where the config came from, and the environment variables that changed it: said in Settings. */
  configOrigin?: string;
  environment?: readonly AppliedOverride[];
  /** `lockstep open FILE`: the one incident file the page may fetch (GET /api/incident-file) and open. */
  incidentFile?: HostedIncidentFile;
}

export interface WebHost {
  url: string;
  /** The URL to open: it carries the first operator's access token. */
  tokenUrl: string;
  token: string;
  /** The URL for wall screens: it can look but not act. */
  viewerUrl: string;
  viewerToken: string;
  /** Every operator credential's URL, by the name its actions are recorded under (the first is `tokenUrl`). */
  operatorUrls: { name: string; url: string }[];
  /** Set when the remembered port was taken and another was used: one sentence for the person. */
  portNote?: string;
  services: LockstepServices;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const methodSet = new Set<string>(methodNames);
const ignore = (): void => {};

/** The same services as the desktop app, over HTTP + WebSocket, for browsers and wall screens. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const owner = options.defaultActor ?? osUserName();
  const credentials = loadOrCreateCredentials(options.dataDir, {
    ownerName: owner,
    operatorNames: options.operators,
    operatorToken: options.token,
    viewerToken: options.viewerToken,
  });
  // Large trace answers are read on a worker thread (services/traces/columns-thread.ts); this host runs from source, so the worker does too.
  const columnsThread = new ColumnsThread(startColumnsWorkerFromSource);
  const services = await createServices(options.config, {
    dataDir: options.dataDir,
    version: options.version ?? '0.1.0',
    defaultActor: owner,
    now: options.now,
    embeddedSource: options.embeddedSource,
    credentials: options.credentials ?? openFileCredentialStore(options.dataDir),
    reportDir: resolve(options.reportDir ?? join(options.rendererDir ?? join(process.cwd(), '.vite/renderer/main_window'), '..', 'report')),
    ...(options.configOrigin ? { configOrigin: options.configOrigin } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
    columnsThread,
  });
  const rendererDir = resolve(options.rendererDir ?? join(process.cwd(), '.vite/renderer/main_window'));
  const bindHost = options.host ?? '127.0.0.1';

  // Both need the port, which is known only once listening; requests before that are refused.
  const ready: { access?: AccessPolicy; gateway?: WebSocketGateway } = {};
  // The consoles' WebSocket sessions by the id each gave itself, for events of their HTTP calls.
  const consoles = new ConsoleEvents();
  const files = new RendererFiles(rendererDir);
  // Sockets with a response under way: a parse error on them must not write a status line
  // into the middle of that response (see answerClientError).
  const responding = new WeakMap<Socket, number>();

  // Every byte below comes from whoever can reach the port — any web page, through the
  // person's browser. Nothing here may throw out of a handler or leave a promise unheard:
  // one request that ended the process would take the wall screen dark.
  const server = createServer((request, response) => {
    const socket = request.socket;
    responding.set(socket, (responding.get(socket) ?? 0) + 1);
    response.once('close', () => responding.set(socket, (responding.get(socket) ?? 1) - 1));
    // Writing to a socket the client already closed reports here.
    response.on('error', ignore);
    route(request, response, ready, files, services, consoles, options.incidentFile).catch((error: unknown) => failed(request, response, error));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    answerClientError(error, socket, (responding.get(socket as Socket) ?? 0) > 0);
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', ignore);
    try {
      const gateway = ready.gateway;
      if (!gateway) return endWithStatus(socket, 503);
      gateway.upgrade(request, socket, head);
    } catch (error) {
      logLine(`WebSocket upgrade failed: ${describeError(error)}`);
      socket.destroy();
    }
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const remembered = options.rememberPort && !options.port ? rememberedPort(options.dataDir) : undefined;
  let portNote: string | undefined;
  try {
    await listen(server, options.port || remembered || 0, bindHost);
  } catch (error) {
    if (remembered === undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(server, 0, bindHost);
    portNote = `Port ${remembered}, which this console used last time, is taken by another program, so wall screens bookmarked on it must be given the new address below (or stop that program and restart Lockstep).`;
  }
  // After listening, an accept failure (too many open files) is logged, not fatal.
  server.on('error', (error) => logLine(`server: ${describeError(error)}`));
  const { port } = server.address() as AddressInfo;
  if (options.rememberPort) rememberPort(options.dataDir, port);
  ready.access = new AccessPolicy(credentials, port, namesOf(bindHost));
  ready.gateway = new WebSocketGateway(services, ready.access, undefined, consoles);
  const url = `http://127.0.0.1:${port}`;
  const urlFor = (credential: AccessCredential) => `${url}/?${TOKEN_PARAM}=${encodeURIComponent(credential.token)}`;
  const [operator, viewer] = credentials as [AccessCredential, AccessCredential];
  return {
    url,
    tokenUrl: urlFor(operator),
    token: operator.token,
    viewerUrl: urlFor(viewer),
    viewerToken: viewer.token,
    operatorUrls: credentials.filter((c) => c.role === 'operator').map((c) => ({ name: c.name, url: urlFor(c) })),
    ...(portNote ? { portNote } : {}),
    services,
    async close() {
      ready.gateway?.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
    },
  };
}

function listen(server: Server, port: number, bindHost: string): Promise<void> {
  return new Promise<void>((resolvePromise, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, bindHost, () => {
      server.off('error', onError);
      resolvePromise();
    });
  });
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

/** Answers 500 for a handler that threw; if the answer had begun, only the connection can go. */
function failed(request: IncomingMessage, response: ServerResponse, cause: unknown): void {
  logLine(`${request.method ?? '?'} ${(request.url ?? '').slice(0, 200)} failed: ${describeError(cause)}`);
  try {
    if (response.headersSent) response.destroy();
    else json(response, 500, error('internal', 'Something went wrong inside Lockstep; the host is still running.'));
  } catch {
    response.destroy();
  }
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  ready: { access?: AccessPolicy },
  files: RendererFiles,
  services: LockstepServices,
  consoles: ConsoleEvents,
  incidentFile?: HostedIncidentFile,
): Promise<void> {
  const access = ready.access;
  if (!access) {
    securityHeaders(response, undefined);
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Starting; try again in a moment.');
    return;
  }
  const ownHost = access.ownHost(request);
  securityHeaders(response, ownHost);
  if (!ownHost) {
    response.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: unknown Host');
    return;
  }
  const target = parseRequestTarget(request.url);
  // Absolute-form names its own authority, which must be the Host this request was let in by.
  if (!target || (target.authority !== undefined && target.authority.toLowerCase() !== ownHost)) {
    json(response, 400, error('bad_request', 'That request target is not a path on this server.'));
    return;
  }
  const { pathname } = target;
  if (pathname === WEB_PATHS.health) {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end('{"ok":true}');
    return;
  }
  if (pathname.startsWith(`${WEB_PATHS.call}/`)) {
    await handleCall(pathname.slice(WEB_PATHS.call.length + 1), request, response, access, services, consoles);
    return;
  }
  if (pathname === WEB_PATHS.incidentFile) {
    serveIncidentFile(request, response, access, incidentFile);
    return;
  }
  if (pathname.startsWith('/api/')) {
    json(response, 404, { ok: false, error: { code: 'not_found', message: 'No such API path.' } });
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  await serveRendererFile(files, pathname, request, response);
}

async function handleCall(
  method: string,
  request: IncomingMessage,
  response: ServerResponse,
  access: AccessPolicy,
  services: LockstepServices,
  consoles: ConsoleEvents,
): Promise<void> {
  if (request.method !== 'POST') return json(response, 405, error('bad_request', 'Use POST.'));
  if (!access.originAllowed(request, false)) return json(response, 403, error('forbidden', 'Cross-site requests are refused.'));
  const credential = access.credentialFor(access.bearer(request));
  if (!credential) {
    return json(response, 401, error('forbidden', 'Missing or wrong access token: use the URL Lockstep printed when it started.'));
  }
  // JSON only: a cross-site <form> can only send simple content types.
  if (!request.headers['content-type']?.startsWith('application/json')) {
    return json(response, 415, error('bad_request', 'Send the request as application/json.'));
  }
  if (!methodSet.has(method)) return json(response, 404, error('not_found', `Unknown request "${method.slice(0, 100)}".`));
  const body = await readBody(request);
  if (body.kind === 'aborted') return;
  if (body.kind === 'too-large') {
    // Close: the rest of the body is not read, so the connection cannot carry another request.
    response.setHeader('connection', 'close');
    return json(response, 413, error('bad_request', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`));
  }
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(body.text || '{}');
  } catch (e) {
    return json(response, 400, error('bad_request', e instanceof Error ? e.message : 'bad body'));
  }
  // An HTTP call has no event stream of its own: what it raises (a trace open's progress) goes to
  // the WebSocket of the console that named itself in the call, if any. Live queries need the WebSocket.
  const client = { id: `http-${randomUUID()}`, host: 'web' as const, send: consoles.senderFor(request.headers[CONSOLE_HEADER], credential) };
  try {
    // A viewer is refused anything that acts; an operator's actions carry the credential's name.
    const reply = await handleAs(services, credential, method as MethodName, parsedBody, client);
    // A trace's columns go as their bytes to a page that asks for them so (no id: one call, one answer).
    const parts = reply.ok && acceptsBinaryReply(request) ? binaryReplyFor(0, reply.value) : undefined;
    if (parts) binary(response, parts);
    else json(response, reply.ok ? 200 : statusFor(reply.error.code), reply);
  } finally {
    services.detach(client.id);
  }
}

type Body = { kind: 'text'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** Reads a bounded body. Settles once whatever happens: complete, too large, or the client went away. */
function readBody(request: IncomingMessage): Promise<Body> {
  return new Promise((resolvePromise) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      resolvePromise({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.off('data', onData);
        request.pause();
        resolvePromise({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => resolvePromise({ kind: 'text', text: Buffer.concat(chunks).toString('utf8') }));
    // 'close' without 'end': the client hung up or sent a malformed body; nobody is waiting.
    request.on('close', () => resolvePromise({ kind: 'aborted' }));
    request.on('error', () => resolvePromise({ kind: 'aborted' }));
  });
}

function error(code: string, message: string) {
  return { ok: false, error: { code, message } };
}

function acceptsBinaryReply(request: IncomingMessage): boolean {
  return (request.headers.accept ?? '').split(',').some((type) => type.split(';')[0]!.trim().toLowerCase() === BINARY_REPLY_MEDIA_TYPE);
}

/** A binary reply's parts as one body; each part is a view of the columns, written without a copy. */
function binary(response: ServerResponse, parts: readonly Uint8Array[]): void {
  const length = parts.reduce((bytes, part) => bytes + part.byteLength, 0);
  response.writeHead(200, { 'content-type': BINARY_REPLY_MEDIA_TYPE, 'content-length': String(length), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  for (const part of parts) response.write(part);
  response.end();
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
