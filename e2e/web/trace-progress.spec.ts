import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { generateTrace } from '../../shared/trace/generate';
import { type RunningHost, startHost } from '../support/host-process';

/**
 * A large trace from a Zipkin that answers slowly (its 20,000 spans in 40 pieces over about
 * 4 s, from a real loopback server): the trace view says how far the answer is, in megabytes
 * of the announced size and as a bar, before the waterfall takes its place: first the top rows
 * the host sends ahead once it has read the trace, then the whole.
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
    void sendInPieces(res);
  });
  await new Promise<void>((resolve) => zipkin.listen(0, '127.0.0.1', () => resolve()));
  host = await startHost('zipkin', undefined, undefined, ['--zipkin-url', `http://127.0.0.1:${(zipkin.address() as AddressInfo).port}`]);
});

/** The answer in 40 pieces, 100 ms apart, of an announced length: a slow backend's large answer. */
async function sendInPieces(res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  const piece = Math.ceil(body.length / 40);
  for (let at = 0; at < body.length && !res.destroyed; at += piece) {
    res.write(body.subarray(at, at + piece));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  res.end();
}

test.afterAll(async () => {
  await host?.stop();
  await new Promise<void>((resolve) => zipkin?.close(() => resolve()));
});

test('a slow trace answer shows how much of it has arrived, then its first rows, then the whole waterfall', async ({ page }) => {
  await page.goto(host!.tokenUrl);
  await page.getByTestId('app').waitFor();
  // The first rows may show for a moment only: what the page drew is recorded as it happens.
  await page.evaluate(() => {
    const w = window as unknown as { previews: { rows: number; more: string; status: string }[] };
    w.previews = [];
    new MutationObserver(() => {
      const preview = document.querySelector('[data-testid="trace-waterfall"][data-preview="true"]');
      // One record per preview shown: the element is new for each open.
      if (!preview || (preview as HTMLElement).dataset.seen) return;
      (preview as HTMLElement).dataset.seen = '1';
      w.previews.push({
        rows: preview.querySelectorAll('[data-testid="trace-row"]').length,
        more: document.querySelector('[data-testid="trace-preview-more"]')?.textContent ?? '',
        status: document.querySelector('[data-testid="trace-preview-status"]')?.textContent ?? '',
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
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
  // The whole waterfall in the end: every row, no longer a preview.
  const waterfall = page.getByTestId('trace-waterfall');
  await expect(waterfall).toHaveAttribute('data-row-count', '20000', { timeout: 30_000 });
  await expect(waterfall).not.toHaveAttribute('data-preview', 'true');
  await expect(page.getByTestId('trace-preview-status')).toHaveCount(0);
  const previews = await page.evaluate(() => (window as unknown as { previews: { rows: number; more: string; status: string }[] }).previews);
  expect(previews).toHaveLength(1);
  expect(previews[0]!.rows).toBeGreaterThan(10);
  expect(previews[0]!.more).toContain('The first 100 of 20,000 spans');
  expect(previews[0]!.status).toContain('first 100 rows shown');
  // Reopened: the host answers from what it keeps, and tells the first rows again before the whole.
  await page.getByTestId('trace-close').click();
  await page.locator('body').press('t');
  await page.getByTestId('trace-id-input').fill(traceId);
  await page.getByTestId('trace-id-submit').click();
  await expect(waterfall).toHaveAttribute('data-row-count', '20000', { timeout: 30_000 });
  const again = await page.evaluate(() => (window as unknown as { previews: { rows: number; more: string }[] }).previews);
  expect(again).toHaveLength(2);
  expect(again[1]!.more).toContain('The first 100 of 20,000 spans');
});
