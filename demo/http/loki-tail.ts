import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { LogFollower } from '../fleet/log-follower';
import { renderLine, streamLabels, type DemoLogLine } from '../fleet/log-store';
import { LogQueryError, parseLogQuery } from '../fleet/logql';
import type { Fleet } from '../fleet/fleet';
import { parseLokiTime } from './loki-api';

/** As Loki: `delay_for` above 5 s is refused, and a querier serves a bounded number of tails. */
const MAX_DELAY_FOR = 5;
const MAX_TAILS = 20;
/** Lines in one frame; more new lines than this in one read are reported as dropped, like Loki's tailer. */
const MAX_LINES_PER_FRAME = 1000;
const READ_EVERY_MS = 500;
const PING_EVERY_MS = 1000;

const TAIL_QUERY = z.object({
  query: z.string().min(1).max(4000),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  start: z.string().optional(),
  delay_for: z.coerce.number().int().min(0).default(0),
});

/**
 * `GET /loki/api/v1/tail` over a WebSocket, as Loki serves it: a bad query or parameter
 * is a plain-text 400 before the upgrade; then the newest `limit` matching lines since
 * `start`, then new lines as the fleet writes them, one JSON frame per read, with lines
 * it could not send listed in `dropped_entries`; a ping every second.
 */
export function attachLokiTail(server: Server, fleet: Fleet, ownHost: (host: string) => boolean): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const open = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!ownHost(req.headers.host ?? '')) return refuse(socket, 403, `refusing Host "${req.headers.host ?? ''}"`);
    if (url.pathname !== '/loki/api/v1/tail') return refuse(socket, 404, '404 page not found');
    const parsed = TAIL_QUERY.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) return refuse(socket, 400, `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const q = parsed.data;
    if (q.delay_for > MAX_DELAY_FOR) return refuse(socket, 400, `delay_for can't be greater than ${MAX_DELAY_FOR}`);
    const start = q.start === undefined ? fleet.time - 3_600_000 : parseLokiTime(q.start);
    if (start === undefined) return refuse(socket, 400, 'invalid start: use a nanosecond epoch, a second epoch or RFC 3339');
    let selector;
    try {
      selector = parseLogQuery(q.query);
    } catch (e) {
      return refuse(socket, 400, e instanceof LogQueryError ? e.message : String(e));
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (open.size >= MAX_TAILS) {
        ws.close(1011, 'max concurrent tail requests limit exceeded');
        return;
      }
      open.add(ws);
      follow(ws, fleet, new LogFollower(fleet.logs, selector), start, q.limit, () => open.delete(ws));
    });
  });

  return {
    close() {
      for (const ws of open) ws.terminate();
      open.clear();
      wss.close();
    },
  };
}

function follow(ws: WebSocket, fleet: Fleet, follower: LogFollower, startMs: number, limit: number, forget: () => void): void {
  const send = (lines: DemoLogLine[], dropped: DemoLogLine[]) => {
    if (lines.length === 0 && dropped.length === 0) return;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame(lines, dropped)));
  };
  send(follower.backlog(startMs, limit, fleet.time), []);
  const reader = setInterval(() => {
    const { lines, dropped } = follower.next(MAX_LINES_PER_FRAME, fleet.time);
    send(lines, dropped);
  }, READ_EVERY_MS);
  const pinger = setInterval(() => {
    if (ws.readyState === ws.OPEN) ws.ping();
  }, PING_EVERY_MS);
  const stop = () => {
    clearInterval(reader);
    clearInterval(pinger);
    forget();
  };
  ws.on('close', stop);
  ws.on('error', stop);
  // A client's messages mean nothing to a tail (Loki only reads them to notice a close).
  ws.on('message', () => undefined);
}

/** Loki's tail frame: streams of `[ns, line]` grouped by label set, and what was dropped. */
function frame(lines: readonly DemoLogLine[], dropped: readonly DemoLogLine[]) {
  const streams = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
  for (const l of lines) {
    const labels = streamLabels(l);
    const key = JSON.stringify(labels);
    let s = streams.get(key);
    if (!s) streams.set(key, (s = { stream: labels, values: [] }));
    s.values.push([l.nanos, renderLine(l)]);
  }
  return {
    streams: [...streams.values()],
    ...(dropped.length > 0 ? { dropped_entries: dropped.map((l) => ({ timestamp: l.nanos, labels: streamLabels(l) })) } : {}),
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  const reason = status === 400 ? 'Bad Request' : status === 403 ? 'Forbidden' : 'Not Found';
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
