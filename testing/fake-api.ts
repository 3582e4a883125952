import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface FakeApi {
  /** Every request's URL, in order. */
  readonly asked: URL[];
  /** http://127.0.0.1:PORT, once the suite's beforeAll ran. */
  url(): string;
}

/**
 * A stand-in for a backend's published HTTP API for one test file: listens on a free
 * loopback port before the file's tests and closes after them; `handle` answers each
 * request (with its URL parsed) the way the real API does.
 */
export function fakeApiForSuite(handle: (u: URL, req: IncomingMessage, res: ServerResponse) => void): FakeApi {
  const asked: URL[] = [];
  let server: Server | undefined;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      asked.push(u);
      handle(u, req, res);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));
  return { asked, url: () => url };
}
