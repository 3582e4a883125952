import { LockstepApiError, type MethodName, type RequestOf, type ResponseOf } from '../../../shared/api/contract';
import { BINARY_REPLY_MEDIA_TYPE, WS_MAX_MESSAGE_BYTES, type WsClientMessage, WsServerMessageSchema } from '../../../shared/api/wire';
import { decodeBinaryReply, binaryReplyId } from '../../../shared/api/binary-reply';
import { backoffDelay } from './backoff';
import { EventHub } from './event-hub';
import { Listeners } from './listeners';
import { unwrapReply } from './parse';
import type { ConnectionState, RendererClient } from './types';

/** The part of a browser WebSocket the client uses; tests hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
}

export type AuthCheck = () => Promise<'ok' | 'unauthorized' | 'unknown'>;

/** An HTTP call's answer as the bulk transport read it. */
export interface BulkAnswer {
  status: number;
  contentType: string;
  body: ArrayBuffer;
}

/** POSTs a call over HTTP (the web host's call API) asking for a binary reply; rejects only when nothing came back. */
export type BulkTransport = (method: MethodName, body: string) => Promise<BulkAnswer>;

/**
 * Calls whose answer is a trace's columns, megabytes of them: asked over HTTP where a bulk
 * transport is given (BINARY_REPLY_MEDIA_TYPE in shared/api/wire.ts says why), over the
 * WebSocket otherwise.
 */
const BULK_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['getTraceColumns']);

export interface WebClientOptions {
  url: string;
  createSocket(url: string): SocketLike;
  /** Asked when a socket closes before it ever opened: browsers hide the HTTP status. */
  checkAuth?: AuthCheck;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  callTimeoutMs?: number;
  bulk?: BulkTransport;
}

interface Pending {
  method: MethodName;
  message: string;
  sent: boolean;
  timer: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The browser client: one WebSocket, request/reply by id, events pushed. It reconnects
 * with jittered backoff, re-sends the live-query subscription afterwards (the host
 * forgets a client when its socket closes), and fails calls that were in flight when
 * the socket dropped instead of leaving them hanging.
 */
/** A JSON reply's body, or undefined when it is not JSON. */
function parseJsonReply(body: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

export function createWebClient(options: WebClientOptions): RendererClient {
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const hub = new EventHub();
  const connectionListeners = new Listeners<ConnectionState>();
  const pending = new Map<number, Pending>();
  let state: ConnectionState = { status: 'connecting', attempt: 0 };
  let socket: SocketLike | null = null;
  let nextId = 1;
  let closed = false;
  let everConnected = false;
  let reconnectTimer: unknown;
  let liveQueries: RequestOf<'setLiveQueries'> | undefined;

  const setState = (next: ConnectionState) => {
    state = next;
    connectionListeners.emit(state);
  };

  const trySend = (entry: Pending) => {
    if (socket && socket.readyState === 1 && !entry.sent) {
      socket.send(entry.message);
      entry.sent = true;
    }
  };

  const enqueue = (method: MethodName, request: unknown, resolve: Pending['resolve'], reject: Pending['reject']) => {
    const id = nextId++;
    const message: WsClientMessage = { type: 'call', id, method, request };
    const text = JSON.stringify(message);
    // The host would close the socket (1009) and with it every live panel: refuse here instead.
    if (new TextEncoder().encode(text).length > WS_MAX_MESSAGE_BYTES) {
      reject(new LockstepApiError('bad_request', `"${method}" is too large to send (over ${WS_MAX_MESSAGE_BYTES / 1024 / 1024} MB).`));
      return;
    }
    const timer = setTimer(() => {
      if (!pending.delete(id)) return;
      reject(new LockstepApiError('unavailable', `Lockstep did not answer "${method}" within ${Math.round(callTimeoutMs / 1000)} s. Check the connection and try again.`));
    }, callTimeoutMs);
    const entry: Pending = { method, message: text, sent: false, timer, resolve, reject };
    pending.set(id, entry);
    trySend(entry);
  };

  const handleMessage = (data: unknown) => {
    let json: unknown;
    if (data instanceof ArrayBuffer) {
      // A reply carrying number columns (a trace), sent as their bytes (shared/api/binary-reply.ts).
      const decoded = decodeBinaryReply(data);
      if (!decoded.ok) {
        const id = binaryReplyId(data);
        const entry = id === undefined ? undefined : pending.get(id);
        hub.protocolErrors.emit(`The web host sent a binary answer this console cannot read (${decoded.problem}); it was ignored.`);
        if (entry && id !== undefined) {
          pending.delete(id);
          clearTimer(entry.timer);
          entry.reject(new LockstepApiError('internal', `The answer to ${entry.method} arrived damaged (${decoded.problem}); try again.`));
        }
        return;
      }
      json = decoded.message;
    } else {
      try {
        json = JSON.parse(typeof data === 'string' ? data : String(data));
      } catch {
        hub.protocolErrors.emit('The web host sent a message that is not JSON; it was ignored.');
        return;
      }
    }
    const parsed = WsServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      hub.protocolErrors.emit('The web host sent a message this console does not understand; it was ignored.');
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') {
      hub.emitRaw(message.event, message.payload);
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimer(entry.timer);
    try {
      entry.resolve(unwrapReply(entry.method, message.reply));
    } catch (error) {
      entry.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  /** Why the host closed a socket, in words, for the codes it sends (see web/web-socket.ts). */
  const CLOSED_BECAUSE: Readonly<Record<number, string>> = {
    1002: 'this console sent a malformed WebSocket frame',
    1003: 'this console sent a binary message',
    1007: 'this console sent a message that is not UTF-8 JSON',
    1008: 'this console sent a message that is not a call',
    1009: `a request was larger than the host accepts (${WS_MAX_MESSAGE_BYTES / 1024 / 1024} MB)`,
    1011: 'the host hit an internal error',
    1013: 'this console fell too far behind the live updates',
  };

  const failInFlight = (reason?: string) => {
    for (const [id, entry] of pending) {
      if (!entry.sent) continue;
      pending.delete(id);
      clearTimer(entry.timer);
      entry.reject(
        new LockstepApiError('unavailable', reason ?? `The connection to Lockstep dropped before "${entry.method}" was answered. It is reconnecting; try again in a moment.`),
      );
    }
  };

  const scheduleReconnect = (message: string) => {
    const attempt = state.attempt + 1;
    setState({ status: 'reconnecting', attempt, message });
    reconnectTimer = setTimer(connect, backoffDelay(attempt - 1, random));
  };

  const onClosed = async (opened: boolean, code: number) => {
    const why = CLOSED_BECAUSE[code];
    failInFlight(why && `The web host closed the connection: ${why}. It is reconnecting; try again in a moment.`);
    if (why) hub.protocolErrors.emit(`The web host closed the connection: ${why}. Reconnecting.`);
    if (closed) return;
    // The host checks the token at the upgrade and answers 401 there; a browser shows that
    // only as a socket closing before it opened, so ask over HTTP what happened.
    if (!opened && options.checkAuth) {
      const verdict = await options.checkAuth().catch(() => 'unknown' as const);
      if (closed) return;
      if (verdict === 'unauthorized') {
        setState({ status: 'unauthorized', attempt: state.attempt, message: 'The web host refused the access token.' });
        return;
      }
    }
    scheduleReconnect(opened ? 'The connection to the Lockstep host dropped.' : 'Cannot reach the Lockstep host.');
  };

  /** One call over the bulk transport: its answer read as the WebSocket's would be, in the same words. */
  const bulkCall = (method: MethodName, request: unknown, bulk: BulkTransport): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const timer = setTimer(() => reject(new LockstepApiError('unavailable', `Lockstep did not answer "${method}" within ${Math.round(callTimeoutMs / 1000)} s. Check the connection and try again.`)), callTimeoutMs);
      const settle = (run: () => unknown) => {
        clearTimer(timer);
        try {
          resolve(run());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      bulk(method, JSON.stringify(request ?? {})).then(
        (answer) => settle(() => bulkReply(method, answer)),
        () => settle(() => {
          throw new LockstepApiError('unavailable', `Lockstep could not be reached for "${method}". Check the connection and try again.`);
        }),
      );
    });

  const bulkReply = (method: MethodName, answer: BulkAnswer): unknown => {
    if (answer.status === 401 || answer.status === 403) {
      const refused = parseJsonReply(answer.body);
      if (answer.status === 401 || refused === undefined) throw new LockstepApiError('forbidden', 'The web host refused the access token.');
      return unwrapReply(method, refused);
    }
    if (answer.status === 200 && answer.contentType.split(';')[0]!.trim() === BINARY_REPLY_MEDIA_TYPE) {
      const decoded = decodeBinaryReply(answer.body);
      if (!decoded.ok) {
        hub.protocolErrors.emit(`The web host sent a binary answer this console cannot read (${decoded.problem}); it was ignored.`);
        throw new LockstepApiError('internal', `The answer to ${method} arrived damaged (${decoded.problem}); try again.`);
      }
      return unwrapReply(method, decoded.message.reply);
    }
    const reply = parseJsonReply(answer.body);
    if (reply === undefined) throw new LockstepApiError('internal', `The answer to ${method} was not JSON (HTTP ${answer.status}); try again.`);
    return unwrapReply(method, reply);
  };

  function connect(): void {
    if (closed) return;
    let opened = false;
    const current = options.createSocket(options.url);
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      opened = true;
      const reconnected = everConnected;
      everConnected = true;
      setState({ status: 'open', attempt: 0 });
      if (reconnected && liveQueries) {
        const queries = liveQueries;
        enqueue('setLiveQueries', queries, () => undefined, (error) => hub.protocolErrors.emit(`Live panels could not be resumed: ${error.message}`));
      }
      for (const entry of pending.values()) trySend(entry);
    };
    current.onmessage = (event) => {
      if (socket === current) handleMessage(event.data);
    };
    current.onclose = (event) => {
      if (socket !== current) return;
      socket = null;
      void onClosed(opened, event?.code ?? 1006);
    };
    current.onerror = () => undefined;
  }

  connect();

  return {
    kind: 'web',
    call<M extends MethodName>(name: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
      if (closed) return Promise.reject(new LockstepApiError('unavailable', 'This connection was closed.'));
      if (state.status === 'unauthorized') {
        return Promise.reject(new LockstepApiError('forbidden', 'The web host refused the access token.'));
      }
      if (name === 'setLiveQueries') liveQueries = request as RequestOf<'setLiveQueries'>;
      if (options.bulk && BULK_METHODS.has(name)) return bulkCall(name, request, options.bulk) as Promise<ResponseOf<M>>;
      return new Promise<ResponseOf<M>>((resolve, reject) => {
        enqueue(name, request, resolve as (value: unknown) => void, reject);
      });
    },
    on: (name, listener) => hub.on(name, listener),
    connection: () => state,
    onConnection: (listener) => connectionListeners.add(listener),
    onProtocolError: (listener) => hub.protocolErrors.add(listener),
    close() {
      closed = true;
      clearTimer(reconnectTimer);
      socket?.close(1000, 'console closed');
      socket = null;
      for (const [id, entry] of pending) {
        pending.delete(id);
        clearTimer(entry.timer);
        entry.reject(new LockstepApiError('unavailable', 'This connection was closed.'));
      }
    },
  };
}
