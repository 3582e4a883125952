import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { AddressInfo, LookupFunction, Socket } from 'node:net';
import { z } from 'zod';
import { type HttpSourceConfig, SourceConfigSchema } from '../../config/sources';
import { SourceError } from '../../datasources/types';
import { sourceHttp, type SourceHttp } from '../source-http';
import { createSourceTransport, type SourceTransport, type TransportOptions } from '../source-transport';

/** Support for the transport tests: local servers, an injected resolver, and a healthy source to watch meanwhile. */

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** An HTTP (or, with `tls`, HTTPS) server on a free loopback port; close() destroys its open sockets, stalled ones included. */
export async function startServer(handler: Handler, tls?: ServerOptions): Promise<TestServer> {
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  const sockets = new Set<Socket>();
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A TLS handshake the client aborts is an error of the server's socket, not of the test.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.port;
}

/**
 * A resolver that knows the given names (all on loopback), never answers for `hanging`
 * names, and says ENOTFOUND for the rest: a test of "no such host" takes no resolver time.
 */
export function fakeLookup(known: Record<string, string>, hanging: readonly string[] = [], asked: string[] = []): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    asked.push(hostname);
    if (hanging.includes(hostname)) return;
    const address = known[hostname];
    if (!address) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname, syscall: 'getaddrinfo' });
      queueMicrotask(() => callback(error));
      return;
    }
    queueMicrotask(() => (options?.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)));
  }) as unknown as LookupFunction;
}

/** A Prometheus source's config, checked by the real schema. */
export function promConfig(url: string, extra: Record<string, unknown> = {}): HttpSourceConfig & { kind: 'prometheus' } {
  return SourceConfigSchema.parse({ kind: 'prometheus', id: 'prom', name: 'Test Prometheus', url, timeoutMs: 5_000, ...extra }) as HttpSourceConfig & { kind: 'prometheus' };
}

/** Transports made in a test, closed after it. */
export class Transports {
  private readonly made: SourceTransport[] = [];
  readonly logs: string[] = [];

  make(config: HttpSourceConfig & { kind?: string }, options: TransportOptions = {}): { transport: SourceTransport; http: SourceHttp } {
    const transport = createSourceTransport(config, { env: {}, log: (m) => this.logs.push(m), ...options });
    this.made.push(transport);
    return { transport, http: sourceHttp(config, { transport }) };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.made.splice(0).map((t) => t.close()));
  }
}

export const AnyJson = z.unknown();

/** The SourceError a promise rejects with (fails the test if it resolves or throws something else). */
export async function failureOf(promise: Promise<unknown>): Promise<SourceError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value).slice(0, 200)}`);
  if (!(outcome.error instanceof SourceError)) throw outcome.error;
  return outcome.error;
}

export interface HealthyMeanwhile<T> {
  outcome: PromiseSettledResult<T>;
  /** Answers the healthy source gave while `work` ran. */
  answers: number;
  slowestMs: number;
}

/**
 * Polls a healthy source every 20 ms while `work` runs (at most 400 polls), so a test can
 * say the other panels kept updating: how many answers came, and the slowest of them.
 */
export async function whileHealthyPolls<T>(healthy: SourceHttp, url: string, work: Promise<T>): Promise<HealthyMeanwhile<T>> {
  let done = false;
  const settled = work.then(
    (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
    (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
  );
  void settled.then(() => (done = true));
  let answers = 0;
  let slowestMs = 0;
  for (let i = 0; i < 400 && (i === 0 || !done); i++) {
    const started = performance.now();
    await healthy.json(url, AnyJson);
    slowestMs = Math.max(slowestMs, performance.now() - started);
    answers++;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { outcome: await settled, answers, slowestMs };
}

/** A JSON answer, as Prometheus sends one. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}
