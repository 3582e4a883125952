import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os, { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Browser } from '@playwright/test';
import { build } from 'vite';
import { launchChromium, spread } from './browser';
import type { BenchFigure } from './trace';

const TARGET_MS = 200;
const RUNS = 5;
/** Runs that read the renderer main thread's CPU time, which a loaded machine stretches less than the clock. */
const CPU_RUNS = 3;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

async function buildPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'lockstep-bench-ts-'));
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(process.cwd(), 'scripts/bench/timeseries-page'),
    base: './',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 5000 },
  });
  return outDir;
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = join(dir, new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (relative(dir, file).startsWith('..')) return void res.writeHead(403).end();
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return void res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
    }),
  );
}

/**
 * The time-series panel with 500 series × 1,440 points, in Chromium: from the data landing
 * in the store to the canvas drawn with it (the last draw once drawing settles: the chart
 * draws again after measuring its plot and cutting the data to its pixel width), and from
 * navigation to that same moment.
 */
export async function benchTimeseries(): Promise<BenchFigure[]> {
  const dir = await buildPage();
  const { server, url } = await serve(dir);
  const browser = await launchChromium();
  const storeToCanvas: number[] = [];
  const navToCanvas: number[] = [];
  const cpuToCanvas: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
      await page.goto(`${url}?series=500&points=1440`);
      await page.waitForSelector('[data-testid="timeseries-chart"][data-series-count="500"][data-draws]', { timeout: 60_000 });
      // Settled: no draw for 500 ms; the figure is the frame after the last draw.
      const { storedAt, last } = await page.evaluate(async () => {
        const bench = (window as unknown as { lockstepBench: { storedAt: number; draws: number[]; painted: number[] } }).lockstepBench;
        for (let i = 0; i < 100; i += 1) {
          const before = bench.draws.length;
          await new Promise((r) => setTimeout(r, 500));
          if (bench.draws.length === before) break;
        }
        return { storedAt: bench.storedAt, last: bench.painted[bench.painted.length - 1]! };
      });
      storeToCanvas.push(last - storedAt);
      navToCanvas.push(last);
      await page.close();
    }
    for (let run = 0; run < CPU_RUNS; run += 1) cpuToCanvas.push(await mainThreadCpu(browser, url));
  } finally {
    await browser.close();
    server.close();
  }
  return [
    { label: 'machine load (1-minute load average, cores)', value: +os.loadavg()[0]!.toFixed(2), unit: `on ${os.cpus().length} cores` },
    ...spread('500 × 1,440: data in the store → canvas drawn', storeToCanvas, TARGET_MS),
    ...spread('500 × 1,440: navigation → canvas drawn (page built for the bench)', navToCanvas, 1000),
    ...spread('500 × 1,440: store → canvas drawn, main-thread CPU time (load-proof)', cpuToCanvas, TARGET_MS),
  ];
}

/**
 * The renderer main thread's CPU time (Chromium's ThreadTime metric) from the data entering
 * the store to the chart settled: on a shared machine the clock also counts time the thread
 * waited for a core, this does not.
 */
async function mainThreadCpu(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const threadTime = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const seconds = metrics.find((m) => m.name === 'ThreadTime')?.value;
      if (seconds === undefined) throw new Error('Chromium reported no ThreadTime metric');
      return seconds * 1000;
    };
    await page.goto(`${url}?series=500&points=1440&start=manual`);
    await page.waitForFunction(() => typeof (window as unknown as { lockstepBench: { start?: () => void } }).lockstepBench.start === 'function', undefined, { timeout: 60_000 });
    // Let loading settle, so its tail is not counted.
    await page.waitForTimeout(1000);
    const before = await threadTime();
    await page.evaluate(() => (window as unknown as { lockstepBench: { start: () => void } }).lockstepBench.start());
    await page.waitForSelector('[data-testid="timeseries-chart"][data-series-count="500"][data-draws]', { timeout: 60_000 });
    // Until the frame after the last draw has been handed on.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    return (await threadTime()) - before;
  } finally {
    await page.close();
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The renderer bundle as `npm run build` makes it (vite.renderer.config.ts), each chunk raw and gzipped, in KB. */
export async function benchBundle(): Promise<BenchFigure[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'lockstep-bench-bundle-'));
  await build({ configFile: join(process.cwd(), 'vite.renderer.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const chunks = listFiles(outDir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => {
      const bytes = readFileSync(f);
      return { name: relative(outDir, f), raw: statSync(f).size, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
  const kb = (n: number) => Math.round(n / 102.4) / 10;
  const figures: BenchFigure[] = chunks.flatMap((c) => [
    { label: `${c.name}: raw`, value: kb(c.raw), unit: 'KB' },
    { label: `${c.name}: gzip`, value: kb(c.gzip), unit: 'KB' },
  ]);
  const raw = chunks.reduce((sum, c) => sum + c.raw, 0);
  const gzip = chunks.reduce((sum, c) => sum + c.gzip, 0);
  figures.push({ label: 'all chunks: raw', value: kb(raw), unit: 'KB' }, { label: 'all chunks: gzip', value: kb(gzip), unit: 'KB' });
  // What the page loads before its first dashboard: the scripts and style sheets index.html names
  // (its entry and modulepreloads, vite.renderer.config.ts); the other chunks load when a view opens.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const named = new Set([...html.matchAll(/(?:src|href)="\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const first = chunks.filter((c) => named.has(c.name));
  figures.push({
    label: `loaded before the first dashboard (${first.length} files named in index.html)`,
    value: kb(first.reduce((sum, c) => sum + c.raw, 0)),
    unit: `KB raw / ${kb(first.reduce((sum, c) => sum + c.gzip, 0))} KB gzip`,
  });
  return figures;
}
