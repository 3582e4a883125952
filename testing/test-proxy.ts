import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  port: number;
  /** Requests it forwarded ("GET http://…") and tunnels it opened ("CONNECT host:port"), in order. */
  seen: string[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** Where the proxy sends a host name (it resolves names itself, as a real proxy does): prom.example → 127.0.0.1. */
  resolve?: (host: string) => string;
  /** Answer every request and CONNECT with 407 unless it carries this Proxy-Authorization value. */
  requireAuthorization?: string;
}

/**
 * A small HTTP proxy on loopback for transport tests: forwards plain requests
 * (absolute-form), tunnels CONNECT, and can demand a sign-in. Each socket it opens is
 * destroyed on close.
 */
export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const resolve = options.resolve ?? ((host: string) => host);
  const authorised = (req: IncomingMessage) => !options.requireAuthorization || req.headers['proxy-authorization'] === options.requireAuthorization;

  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' }).end('proxy sign-in required');
      return;
    }
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request(
      { host: resolve(target.hostname), port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers, setHost: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502, { 'content-type': 'text/plain' }).end('proxy: upstream failed'));
    req.pipe(upstream);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    client.on('error', () => undefined);
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), resolve(host ?? ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
