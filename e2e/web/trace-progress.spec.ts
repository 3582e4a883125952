import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { generateTrace } from '../../shared/trace/generate';
import { type RunningHost, startHost } from '../support/host-process';

/**
 * A large trace from a Zipkin that answers slowly (its 20,000 spans in 40 pieces over about
 * 4 s, from a real loopback server): the trace view says how far the answer is, in megabytes
 * of the announced size and as a bar, before the waterfall takes its place.
 */
const records = generateTrace({ spans: 20_000, seed: 9 }) as { traceId: string }[];
const body = Buffer.from(JSON.stringify(records));
const traceId = records[0]!.traceId;
let zipkin: Server;
let host: RunningHost | undefined;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  zipkin = createServer((req, res) => {
    // Its dependency links: none (the console asks at start, to learn the call graph).
    if (req.url?.startsWith('/api/v2/dependencies')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    if (!req.url?.startsWith(`/api/v2/trace/${traceId}`)) return void res.writeHead(404).end('no such trace');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    const piece = Math.ceil(body.length / 40);
    let at = 0;
    const next = () => {
      if (res.destroyed) return;
      res.write(body.subarray(at, at + piece));
      at += piece;
      if (at >= body.length) res.end();
      else setTimeout(next, 100);
    };
    next();
  });
  await new Promise<void>((resolve) => zipkin.listen(0, '127.0.0.1', () => resolve()));
  host = await startHost('zipkin', undefined, undefined, ['--zipkin-url', `http://127.0.0.1:${(zipkin.address() as AddressInfo).port}`]);
});

test.afterAll(async () => {
  await host?.stop();
  await new Promise<void>((resolve) => zipkin?.close(() => resolve()));
});

test('a slow trace answer shows how much of it has arrived, then the waterfall', async ({ page }) => {
  await page.goto(host!.tokenUrl);
  await page.locator('body').press('t');
  await page.getByTestId('trace-id-input').fill(traceId);
  await page.getByTestId('trace-id-submit').click();
  const progress = page.getByTestId('trace-progress');
  // Shown once the open has taken a second; the words name the announced size.
  const size = `${(body.length / 1e6).toFixed(1)} MB`;
  await expect(progress.getByTestId('trace-progress-words')).toContainText(`of ${size} received`, { timeout: 10_000 });
  const bar = progress.locator('progress');
  const first = Number(await bar.getAttribute('value'));
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(first);
  expect(Number(await bar.getAttribute('max'))).toBe(100);
  await expect(page.getByTestId('trace-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(progress).toHaveCount(0);
});
