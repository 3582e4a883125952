import type { CDPSession, Page } from '@playwright/test';
import { createDemoSource } from '../../demo';
import { LockstepConfigSchema } from '../../services/config/sources';
import { launchChromium, sleep, startBenchWebHost } from './browser';
import type { BenchFigure } from './trace';

/** Four slides: the whole war room, then each of its three bands of rows (renderer/src/wall/playlist.ts). */
const PLAYLIST = 'war-room:5,war-room/row-1:4,war-room/row-2:3,war-room/row-3:4';
const FIRST_MINUTE_MS = 60_000;

/**
 * A wall left running: kiosk, a playlist of four slides turning every few seconds, panels
 * refreshed every second (the session's 5 s refresh is rewritten to 1 s on its way into
 * the page, so the renderer does five times the work it does on a real wall). The renderer's
 * JS heap, after a forced garbage collection, at the end against after the first minute:
 * what a leak would grow. 30 minutes with LOCKSTEP_BENCH_LONG=1; otherwise a 3-minute run.
 */
export async function benchWallSoak(): Promise<BenchFigure[]> {
  const long = process.env.LOCKSTEP_BENCH_LONG === '1';
  const totalMs = (long ? 30 : 3) * 60_000;
  const config = LockstepConfigSchema.parse({
    mode: 'demo',
    sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet', locks: 5000, scheduledIncidents: false }],
    alertPollSeconds: 1,
  });
  const host = await startBenchWebHost(config, createDemoSource);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const frames = await acceleratedRefresh(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${host.viewerUrl}&wall=1&kiosk=1&playlist=${PLAYLIST}`);
    await page.locator('[data-testid="playlist"]').waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const w = window as unknown as { turns: number };
      w.turns = 0;
      const el = document.querySelector('[data-testid="playlist"]')!;
      new MutationObserver(() => (w.turns += 1)).observe(el, { attributes: true, attributeFilter: ['data-slide'] });
    });
    const started = Date.now();
    await sleep(FIRST_MINUTE_MS);
    const afterFirstMinute = await heapOnFirstSlide(page, cdp);
    // One sample a minute in between, so a trend shows apart from the two ends' noise.
    const samples = [afterFirstMinute];
    while (totalMs - (Date.now() - started) > 60_000) {
      await sleep(60_000 - ((Date.now() - started) % 60_000));
      samples.push(await heapOnFirstSlide(page, cdp));
    }
    await sleep(Math.max(0, totalMs - (Date.now() - started)));
    const atEnd = await heapOnFirstSlide(page, cdp);
    samples.push(atEnd);
    const turns = await page.evaluate(() => (window as unknown as { turns: number }).turns);
    const staleAtEnd = await page.evaluate(() => document.querySelectorAll('[data-testid="stale-badge"]').length);
    const updatesPerSecond = frames.queryResults / ((Date.now() - started) / 1000);
    const growth = ((atEnd - afterFirstMinute) / afterFirstMinute) * 100;
    const minutes = Math.round(totalMs / 60_000);
    return [
      { label: `wall soak: run length (${long ? 'LOCKSTEP_BENCH_LONG=1' : 'short run; LOCKSTEP_BENCH_LONG=1 runs 30 min'})`, value: minutes, unit: 'min' },
      { label: 'wall soak: playlist slide changes (4 slides, 3–5 s each)', value: turns, unit: 'turns' },
      { label: 'wall soak: panel query results received (9 panels\' targets, 1 s refresh)', value: +updatesPerSecond.toFixed(1), unit: 'per second' },
      { label: 'wall soak: panels marked STALE at the end (data older than 2 × the 1 s refresh)', value: staleAtEnd, unit: 'panels' },
      { label: 'wall soak: renderer JS heap after GC, after the first minute', value: +(afterFirstMinute / 1e6).toFixed(1), unit: 'MB' },
      { label: `wall soak: renderer JS heap after GC, after ${minutes} min`, value: +(atEnd / 1e6).toFixed(1), unit: 'MB' },
      { label: 'wall soak: heap after GC, once a minute from the first', value: samples.length, unit: `samples: ${samples.map((b) => (b / 1e6).toFixed(1)).join(', ')} MB` },
      { label: 'wall soak: heap growth, end vs first minute', value: +growth.toFixed(1), unit: `% (target: at most +10%: ${growth <= 10 ? 'met' : 'missed'})` },
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}

/** Rewrites the session's dashboard refresh to 1 s in the host's WebSocket replies to this page; counts the query results. */
async function acceleratedRefresh(page: Page): Promise<{ queryResults: number }> {
  const frames = { queryResults: 0 };
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"queryResult"')) frames.queryResults += 1;
      if (typeof message !== 'string' || !message.includes('"refreshSeconds"')) return ws.send(message);
      ws.send(message.replace(/"refreshSeconds":\d+(\.\d+)?/g, '"refreshSeconds":1'));
    });
  });
  return frames;
}

/**
 * Sampled each time with the same slide on screen (the whole war room, the largest), so the
 * figure compares like with like: a row band draws fewer panels and holds less.
 */
async function heapOnFirstSlide(page: Page, cdp: CDPSession): Promise<number> {
  await page.locator('[data-testid="playlist"][data-slide="war-room"]').waitFor({ timeout: 60_000 });
  // Let its panels draw before measuring.
  await sleep(1500);
  return heapAfterGc(cdp);
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('Chromium reported no JSHeapUsedSize metric');
  return used;
}
