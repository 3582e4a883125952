import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { type EventEnvelope, TOKEN_PARAM, WsClientMessageSchema, type WsServerMessage } from '../shared';
import type { ClientSession } from '../services/core/client';
import type { LockstepServices } from '../services/core/lockstep-services';
import type { AccessPolicy } from './access';

const MAX_MESSAGE_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** A slow wall screen must not make the host buffer without bound. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** The WebSocket side of the web host: calls in, replies and events out, one session per socket. */
export class WebSocketGateway {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly alive = new WeakMap<WebSocket, boolean>();
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly services: LockstepServices,
    private readonly access: AccessPolicy,
  ) {
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

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://x');
    // Browsers always send Origin on WebSocket handshakes, so a missing one is not a browser we served.
    if (!this.access.hostAllowed(request) || !this.access.originAllowed(request, true)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const token = url.searchParams.get(TOKEN_PARAM) ?? this.access.bearer(request);
    if (!this.access.tokenValid(token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const socket of this.wss.clients) socket.close(1001, 'server stopping');
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    const send = (message: WsServerMessage) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.close(1013, 'client too slow; reconnect');
        return;
      }
      ws.send(JSON.stringify(message));
    };
    const client: ClientSession = {
      id: randomUUID(),
      host: 'web',
      send: (envelope: EventEnvelope) => send({ type: 'event', event: envelope.event, payload: envelope.payload }),
    };
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        return ws.close(1007, 'messages must be JSON');
      }
      const parsed = WsClientMessageSchema.safeParse(json);
      if (!parsed.success) return ws.close(1008, 'unknown message');
      const { id, method, request } = parsed.data;
      void this.services.handle(method, request, client).then((reply) => send({ type: 'reply', id, reply }));
    });
    ws.on('close', () => this.services.detach(client.id));
    this.services.attach(client);
  }
}
