import { z } from 'zod';
import { ApiErrorSchema, type EventName, type MethodName, methodNames, eventNames } from './contract';

/**
 * How requests and events travel. Both transports (Electron IPC and the web host's
 * HTTP + WebSocket) wrap replies the same way, so an error crosses the boundary as data
 * (code + words for the person) rather than as a stringified exception.
 */
export const RpcReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorSchema }),
]);
export type RpcReply = z.infer<typeof RpcReplySchema>;

const MethodNameSchema = z.enum(methodNames as [MethodName, ...MethodName[]]);
const EventNameSchema = z.enum(eventNames as [EventName, ...EventName[]]);

/** The largest message either side of the web host's WebSocket accepts; a larger one closes it with 1009. */
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;

/** Browser → web host, over the WebSocket at /api/ws?token=… */
export const WsClientMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: MethodNameSchema,
  request: z.unknown(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** Web host → browser. */
export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int(), reply: RpcReplySchema }),
  z.object({ type: z.literal('event'), event: EventNameSchema, payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/** Paths of the web host. HTTP calls: POST {CALL_PATH}/{method} with `Authorization: Bearer <token>`. */
export const WEB_PATHS = {
  ws: '/api/ws',
  call: '/api/call',
  health: '/api/health',
  /** `lockstep open FILE`: GET the one incident file the host was started with (web/incident-file.ts). */
  incidentFile: '/api/incident-file',
} as const;

/**
 * The Accept value with which a page asks an HTTP call for a binary reply
 * (shared/api/binary-reply.ts) where the answer holds number columns (a trace's). The page
 * fetches those over HTTP rather than the WebSocket: Chromium reads a large HTTP body in
 * steps, but holds the main thread while it assembles and then releases one large WebSocket
 * message (about 5 ms per MB here; 115–146 ms for 13 MB), which delays the first frame.
 */
export const BINARY_REPLY_MEDIA_TYPE = 'application/vnd.lockstep.binary-reply';

/** The page's query parameter asking it to open the host's incident file on load (scripts/open.ts prints it). */
export const OPEN_INCIDENT_FILE_PARAM = 'open-incident-file';
/** The header naming the served incident file (percent-encoded UTF-8). */
export const INCIDENT_FILE_NAME_HEADER = 'x-lockstep-file-name';

/** Query parameter carrying the access token in the URL the web host prints. */
export const TOKEN_PARAM = 'token';

/**
 * A web console names itself (a random id it picks) on its WebSocket (`?console=`) and on the
 * calls it makes over HTTP (this header), so the events such a call raises — a trace open's
 * progress — reach that console's WebSocket.
 */
export const CONSOLE_PARAM = 'console';
export const CONSOLE_HEADER = 'x-lockstep-console';

/** What a console's id may be: 8 to 64 letters, digits, `-` or `_` (a UUID is one). */
export function isConsoleId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(value);
}

/** IPC channel names of the Electron host, derived from the contract. */
export const ipcChannel = {
  call: (method: MethodName) => `lockstep:call:${method}`,
  event: (event: EventName) => `lockstep:event:${event}`,
  saveText: 'lockstep:file:save-text',
  openText: 'lockstep:file:open-text',
  /** Main → window: an incident file the person double-clicked ({ name, bytes }; electron/main/open-file.ts). */
  incidentFile: 'lockstep:file:incident',
} as const;

/** What the Electron preload exposes as `window.lockstep` (one function per message). */
export interface LockstepBridge {
  readonly host: 'electron';
  readonly call: { readonly [M in MethodName]: (request: unknown) => Promise<RpcReply> };
  readonly on: { readonly [E in EventName]: (listener: (payload: unknown) => void) => () => void };
  readonly files: {
    /** Shows a save dialog; resolves with where it was saved, or null if cancelled. */
    saveText(fileName: string, text: string): Promise<{ path: string } | null>;
    /** Shows an open dialog for an incident file; null if cancelled. */
    openText(): Promise<{ name: string; text: string } | null>;
    /** An incident file the OS asked the app to open (double-click, file association); the payload is validated by the page. */
    onIncidentFile?(listener: (file: unknown) => void): () => void;
  };
}
