import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticExporter {
  readonly url: string;
  /** Replace what `/metrics` serves (Prometheus text format 0.0.4). */
  setBody(body: string): void;
  readonly scrapes: number;
  close(): Promise<void>;
}

/** A stand-in exporter for connector tests: serves fixed metrics text at /metrics. */
export async function startStaticExporter(initialBody: string): Promise<StaticExporter> {
  let body = initialBody;
  let scrapes = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/metrics')) {
      scrapes++;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(body);
      return;
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setBody: (next) => {
      body = next;
    },
    get scrapes() {
      return scrapes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A scrape config for one target, at the given interval. */
export function scrapeConfigFor(targetUrl: string, intervalSeconds = 1, job = 'exporter'): string {
  const host = new URL(targetUrl).host;
  return [
    'global:',
    `  scrape_interval: ${intervalSeconds}s`,
    `  evaluation_interval: ${intervalSeconds}s`,
    'scrape_configs:',
    `  - job_name: ${job}`,
    '    static_configs:',
    `      - targets: ['${host}']`,
    '',
  ].join('\n');
}
