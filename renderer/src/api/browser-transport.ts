import { BINARY_REPLY_MEDIA_TYPE, CONSOLE_HEADER, CONSOLE_PARAM, TOKEN_PARAM, WEB_PATHS } from '../../../shared/api/wire';
import type { AuthCheck, BulkTransport, SocketLike } from './web-client';

/** Adapts the browser's WebSocket to the small interface the web client uses. */
export function browserSocket(url: string): SocketLike {
  const ws = new WebSocket(url);
  // A trace's columns arrive as a binary frame, read as their bytes (shared/api/binary-reply.ts).
  ws.binaryType = 'arraybuffer';
  const adapter: SocketLike = {
    get readyState() {
      return ws.readyState;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  ws.onopen = () => adapter.onopen?.();
  ws.onmessage = (event) => adapter.onmessage?.({ data: event.data });
  ws.onclose = (event) => adapter.onclose?.({ code: event.code, reason: event.reason });
  ws.onerror = () => adapter.onerror?.();
  return adapter;
}

/** The WebSocket address on the same host the page came from; `consoleId` names this console (CONSOLE_PARAM). */
export function socketUrl(location: { protocol: string; host: string }, token: string | undefined, consoleId?: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  if (token) params.set(TOKEN_PARAM, token);
  if (consoleId) params.set(CONSOLE_PARAM, consoleId);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return `${scheme}//${location.host}${WEB_PATHS.ws}${query}`;
}

/** Asks over plain HTTP whether the token is accepted, since a failed upgrade hides why. */
export function httpAuthCheck(token: string | undefined): AuthCheck {
  return async () => {
    try {
      const response = await fetch(`${WEB_PATHS.call}/getSession`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: '{}',
      });
      if (response.status === 401 || response.status === 403) return 'unauthorized';
      return response.ok ? 'ok' : 'unknown';
    } catch {
      return 'unknown';
    }
  };
}

/**
 * Calls with a large answer (a trace's columns) over HTTP, asking for the binary reply: the
 * browser reads the body in steps instead of in one long main-thread task.
 */
export function httpBulk(token: string | undefined, consoleId?: string): BulkTransport {
  return async (method, body) => {
    const response = await fetch(`${WEB_PATHS.call}/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: `${BINARY_REPLY_MEDIA_TYPE}, application/json`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        // So what the call raises (a trace open's progress) comes over this console's WebSocket.
        ...(consoleId ? { [CONSOLE_HEADER]: consoleId } : {}),
      },
      body,
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.arrayBuffer() };
  };
}
