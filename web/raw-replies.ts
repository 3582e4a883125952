import type { Duplex } from 'node:stream';

/**
 * Answers written straight to a socket, where there is no ServerResponse: a request Node's
 * parser rejected ('clientError') and a refused WebSocket upgrade. Both run on bytes any web
 * page can send to loopback, so neither may throw or leave an 'error' event unheard.
 */

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Content Too Large',
  421: 'Misdirected Request',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const ignore = (): void => {};

/** Writes a bodiless status and closes. The socket is destroyed once the answer is flushed. */
export function endWithStatus(socket: Duplex, status: number): void {
  // Listen first: the peer may already be gone, and an unheard 'error' ends the process.
  socket.on('error', ignore);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // After 'finish', not at once: destroying with the answer still queued would drop it.
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The status for an error Node's HTTP parser reports through 'clientError'. */
export function statusForParseError(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

/**
 * The server's 'clientError' handler. `responding` is true while a response is under way
 * on this socket: a status line written then would land inside that response's bytes, so
 * the connection is only dropped.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, responding: boolean): void {
  if (error.code === 'ECONNRESET' || responding) {
    socket.on('error', ignore);
    socket.destroy();
    return;
  }
  endWithStatus(socket, statusForParseError(error));
}
