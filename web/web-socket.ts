import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CONSOLE_PARAM, type EventEnvelope, methodNames, type RpcReply, TOKEN_PARAM, WEB_PATHS, WS_MAX_MESSAGE_BYTES, WsClientMessageSchema, type WsServerMessage } from '../shared';
import { ConsoleEvents } from './console-events';
import type { ClientSession } from '../services/core/client';
import type { LockstepServices } from '../services/core/lockstep-services';
import { handleAs } from '../services/actions/acting-identity';
import type { AccessCredential, AccessPolicy } from './access';
import { logLine } from './log-line';
import { describeError } from '../services/util/errors';
import { endWithStatus } from './raw-replies';
import { QueryResultPacer } from './query-result-pacer';
import { parseRequestTarget } from './request-target';
import { binaryReplyFor } from './binary-replies';

/**
 * The largest message a console sends is a live-query list or an acknowledgement: far
 * below this. A bigger frame is refused by `ws` as soon as its header announces the
 * length, with close code 1009 (message too big), before any of it is buffered.
 */
export const MAX_MESSAGE_BYTES = WS_MAX_MESSAGE_BYTES;
const HEARTBEAT_MS = 15_000;

export interface BufferLimits {
  /** Above this many bytes waiting for a console, its live results are held back and it gets fewer, full frames (web/query-result-pacer.ts). */
  softBytes: number;
  /**
   * The last resort: a console this far behind is disconnected. Live results stop above
   * `softBytes`, so only a flood of other events (or one huge frame) gets here.
   */
  hardBytes: number;
}
export const DEFAULT_BUFFER_LIMITS: BufferLimits = { softBytes: 1024 * 1024, hardBytes: 32 * 1024 * 1024 };
/** How often a console that fell behind is checked for having read its backlog. */
const DRAIN_CHECK_MS = 50;

/**
 * Close codes this host uses (RFC 6455 §7.4.1). `ws` itself sends 1002 for a malformed
 * frame (bad opcode, unmasked, bad continuation), 1007 for invalid UTF-8 and 1009 for
 * an oversize frame or message.
 */
export const CLOSE = {
  goingAway: 1001,
  binaryRefused: 1003,
  notJson: 1007,
  policy: 1008,
  internal: 1011,
  tryAgainLater: 1013,
} as const;

const methodSet = new Set<string>(methodNames);
const ignore = (): void => {};

/** The WebSocket side of the web host: calls in, replies and events out, one session per socket. */
export class WebSocketGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly services: LockstepServices,
    private readonly access: AccessPolicy,
    private readonly limits: BufferLimits = DEFAULT_BUFFER_LIMITS,
    private readonly consoles: ConsoleEvents = new ConsoleEvents(),
  ) {
    // With noServer it has no listening socket of its own, but an unheard 'error' would end the process.
    this.wss.on('error', (error) => logLine(`WebSocket server: ${describeError(error)}`));
    this.heartbeat = setInterval(() => {
      for (const socket of this.wss.clients) {
        if (this.alive.get(socket) === false) socket.terminate();
        else {
          this.alive.set(socket, false);
          socket.ping();
        }
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * The server's 'upgrade' handler. Its order matters: an 'error' listener before a byte is
   * written; Host and Origin before the path is even parsed, so a page elsewhere learns
   * nothing about this server; then the path, then the token.
   */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', ignore);
    // Browsers always send Origin on WebSocket handshakes, so a missing one is not a browser we served.
    const ownHost = this.access.ownHost(request);
    if (!ownHost || !this.access.originAllowed(request, true)) return endWithStatus(socket, 403);
    const target = parseRequestTarget(request.url);
    if (!target || (target.authority !== undefined && target.authority.toLowerCase() !== ownHost)) return endWithStatus(socket, 400);
    if (target.pathname !== WEB_PATHS.ws) return endWithStatus(socket, 404);
    const token = target.query.get(TOKEN_PARAM) ?? this.access.bearer(request);
    const credential = this.access.credentialFor(token);
    if (!credential) return endWithStatus(socket, 401);
    // ws answers 400 itself for a bad Upgrade, Sec-WebSocket-Key or version, or a non-GET.
    const consoleId = target.query.get(CONSOLE_PARAM);
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, credential, consoleId));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const socket of this.wss.clients) socket.close(CLOSE.goingAway, 'server stopping');
    this.wss.close();
  }

  private accept(ws: WebSocket, credential: AccessCredential, consoleId: string | null): void {
    // ws reports a bad frame here after it has already sent the close code (1002, 1007,
    // 1009); without a listener that report would end the process.
    ws.on('error', ignore);
    const send = (message: WsServerMessage) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > this.limits.hardBytes) {
        logLine(`closed a console's WebSocket: ${ws.bufferedAmount} bytes were waiting for it (limit ${this.limits.hardBytes}); it reconnects and starts afresh`);
        ws.close(CLOSE.tryAgainLater, 'client too slow; reconnect');
        return;
      }
      let data: string | Uint8Array[];
      try {
        data = encodeServerMessage(message);
      } catch (error) {
        logLine(`could not encode a ${message.type}: ${describeError(error)}`);
        return;
      }
      if (typeof data === 'string') return ws.send(data);
      // One message in fragments, sent back to back so nothing else can come between them.
      data.forEach((part, k) => ws.send(part, { binary: true, fin: k === data.length - 1 }));
    };
    const pacer = new QueryResultPacer(this.limits.softBytes);
    let drainCheck: ReturnType<typeof setInterval> | undefined;
    const sendHeld = () => {
      for (let payload = pacer.next(ws.bufferedAmount); payload && ws.readyState === WebSocket.OPEN; payload = pacer.next(ws.bufferedAmount)) {
        send({ type: 'event', event: 'queryResult', payload });
      }
      if (pacer.behind && ws.readyState === WebSocket.OPEN) return;
      clearInterval(drainCheck);
      drainCheck = undefined;
    };
    const client: ClientSession = {
      id: randomUUID(),
      host: 'web',
      send: (envelope: EventEnvelope) => {
        if (envelope.event !== 'queryResult') return send({ type: 'event', event: envelope.event, payload: envelope.payload });
        const payload = pacer.offer(envelope.payload, ws.bufferedAmount);
        if (payload) return send({ type: 'event', event: 'queryResult', payload });
        drainCheck ??= setInterval(sendHeld, DRAIN_CHECK_MS);
        drainCheck.unref?.();
      },
    };
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('message', (data, isBinary) => this.onMessage(ws, client, credential, send, data, isBinary));
    const forget = this.consoles.attach(consoleId, credential, client);
    ws.on('close', () => {
      clearInterval(drainCheck);
      forget();
      this.services.detach(client.id);
    });
    try {
      this.services.attach(client);
    } catch (error) {
      logLine(`could not attach a console: ${describeError(error)}`);
      ws.close(CLOSE.internal, 'internal error');
    }
  }

  private onMessage(
    ws: WebSocket,
    client: ClientSession,
    credential: AccessCredential,
    send: (message: WsServerMessage) => void,
    data: RawData,
    isBinary: boolean,
  ): void {
    if (isBinary) return ws.close(CLOSE.binaryRefused, 'text frames only');
    let json: unknown;
    try {
      json = JSON.parse(rawText(data));
    } catch {
      // No id to answer to: the client is not speaking this protocol.
      return ws.close(CLOSE.notJson, 'messages must be JSON');
    }
    const parsed = WsClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      // A call this host cannot run, from a console that may be newer or older: answer it,
      // so the person sees why, and keep the connection (and its live panels).
      const id = callId(json);
      if (id === undefined) return ws.close(CLOSE.policy, 'unknown message');
      return send({ type: 'reply', id, reply: refusal(json) });
    }
    const { id, method, request } = parsed.data;
    // A viewer is refused anything that acts (a `forbidden` reply); an operator's actions carry the credential's name.
    // The services promise never to reject; if one still does, the caller gets an error
    // reply and the host a log line, not an unhandled rejection.
    handleAs(this.services, credential, method, request, client).then(
      (reply) => send({ type: 'reply', id, reply }),
      (error: unknown) => {
        logLine(`"${method}" failed: ${describeError(error)}`);
        send({ type: 'reply', id, reply: { ok: false, error: { code: 'internal', message: `Something went wrong inside Lockstep: ${describeError(error)}` } } });
      },
    );
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function callId(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

function refusal(json: unknown): RpcReply {
  const method = (json as { method?: unknown }).method;
  if (typeof method === 'string' && !methodSet.has(method)) {
    return { ok: false, error: { code: 'not_found', message: `Unknown request "${method.slice(0, 100)}".` } };
  }
  return { ok: false, error: { code: 'bad_request', message: 'The message is not a call this host understands.' } };
}

/**
 * A message as it goes on the socket: JSON text, except a trace's columns, which go as one
 * binary message of their bytes (web/binary-replies.ts), in parts — the page decodes no
 * base64 and parses no 15 MB of text for a 100,000-span trace, and the host copies none of it.
 */
function encodeServerMessage(message: WsServerMessage): string | Uint8Array[] {
  if (message.type === 'reply' && message.reply.ok) {
    const parts = binaryReplyFor(message.id, message.reply.value);
    if (parts) return parts;
  }
  return JSON.stringify(message);
}
