import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFleetExporter } from './exporter/exporter';
import type { Fleet } from './fleet/fleet';
import { controlApi } from './http/control-api';
import { lokiApi } from './http/loki-api';
import { attachLokiTail } from './http/loki-tail';
import { readBody, send, text, type Reply } from './http/reply';
import { zipkinApi } from './http/zipkin-api';

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The fleet over HTTP on loopback: /metrics for Prometheus, Zipkin's and Loki's read APIs
 * for traces and logs (Loki's live tail included), and the deployer and incident controls.
 */
export async function startDemoServer(fleet: Fleet, options: { port?: number } = {}): Promise<DemoServer> {
  const registry = createFleetExporter(fleet);
  let port = options.port ?? 0;

  async function handle(req: IncomingMessage): Promise<Reply> {
    // A page in the browser cannot reach us through DNS rebinding: only our own names are served.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return text(403, `refusing Host "${host}": use 127.0.0.1:${port}`);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'GET' && path === '/metrics') return text(200, await registry.metrics(), registry.contentType);
    if (method === 'GET' && path === '/healthz') return text(200, 'ok');
    if (method === 'GET') {
      const reply = zipkinApi(fleet, path, url.searchParams) ?? lokiApi(fleet, path, url.searchParams);
      if (reply) return reply;
    }
    const body = method === 'POST' ? await readBody(req) : '';
    return controlApi(fleet, method, path, body) ?? text(404, `nothing at ${method} ${path}`);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req).then(
      (reply) => send(res, reply),
      (e: unknown) => send(res, text(500, `demo fleet failed: ${e instanceof Error ? e.message : String(e)}`)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Loki's live tail, over WebSocket upgrades on the same port.
  const tails = attachLokiTail(server, fleet, (host) => host === `127.0.0.1:${port}` || host === `localhost:${port}`);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        tails.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
