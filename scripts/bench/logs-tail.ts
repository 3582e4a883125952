import { writeFileSync } from 'node:fs';
import { createDemoSource } from '../../demo';
import { LockstepConfigSchema } from '../../services/config/sources';
import { launchChromium, sleep, startBenchWebHost } from './browser';
import type { BenchFigure } from './trace';

const RATE = 5_000;
const SECONDS = Number(process.env.LOGS_BENCH_SECONDS ?? 60);
const BATCH_MS = 100;
const FRAME_TARGET_MS = 100;

/**
 * In the page, before the app starts: keep the WebSocket the app opens (so the bench can
 * hand its client `logTail` frames as if the host had sent them), and record every Long
 * Animation Frame (Chromium reports frames over 50 ms).
 */
const PAGE_PROBE = `(() => {
  const probe = (window.__logsBench = { socket: undefined, frames: [], sent: 0, batches: 0, genMs: 0 });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, scripts: e.duration > 100 ? e.scripts.map((s) => s.invoker + ' ' + (s.sourceFunctionName || '') + ' ' + Math.round(s.duration) + 'ms fl=' + Math.round(s.forcedStyleAndLayoutDuration)) : [] }); })
      .observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); probe.socket = this; }
  };
})();`;

/**
 * The flood, generated in the page: every 100 ms one `logTail` event of 500 lines, each
 * line unique (a nanosecond counter), a mix of levels, services, ids and numbers so the
 * chips, the error patterns and the ring all do real work. Generating and encoding the
 * frame runs on the page's thread too, so the figures include it (they are pessimistic).
 */
const START_FLOOD = `(({ rate, seconds, batchMs }) => {
  const probe = window.__logsBench;
  const services = ['lock-service', 'ride-service', 'app-gateway', 'iot-gateway', 'payment-service', 'notification-service-eu-central-primary'];
  const templates = [
    (n) => ['info', 'unlock succeeded over ble for lock-sha-' + (n % 9973)],
    (n) => ['info', 'charged ' + (n % 50) + '.50 CNY via stripe order=' + (n * 7919 % 1000003)],
    (n) => ['warn', 'lock lock-bei-' + (n % 5003) + ' reported a jammed latch'],
    (n) => ['error', 'lock lock-sha-' + (n % 9973) + ' did not answer within ' + (8 + n % 5) + 's'],
    (n) => ['error', 'connection pool exhausted, returning 503 (version 1.19.' + (n % 3) + ')'],
    (n) => ['debug', JSON.stringify({ msg: 'heartbeat', lock: 'lock-' + n % 101, battery: n % 100 })],
  ];
  let seq = 0;
  const perBatch = Math.round(rate * batchMs / 1000);
  const start = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - start > seconds * 1000) { clearInterval(timer); probe.done = performance.now(); return; }
    const t0 = performance.now();
    const now = Date.now();
    const lines = [];
    for (let i = 0; i < perBatch; i++) {
      const n = seq++;
      const [level, message] = templates[n % templates.length](n);
      lines.push({ time: now, nanos: String(now * 1e6 + n), level, message, labels: {}, service: services[n % services.length], traceId: (n % 4 === 0 ? (n + 1).toString(16).padStart(32, '0') : undefined), fields: { city: 'shanghai', n: String(n) } });
    }
    const data = JSON.stringify({ type: 'event', event: 'logTail', payload: { tailId: 'logs', lines, state: 'live', at: now } });
    probe.genMs += performance.now() - t0;
    probe.socket.onmessage({ data });
    probe.sent += perBatch;
    probe.batches += 1;
  }, batchMs);
  probe.started = start;
})`;

interface Probe {
  frames: { start: number; duration: number; blocking: number }[];
  sent: number;
  batches: number;
  genMs: number;
  started: number;
  done?: number;
}

/**
 * 5,000 lines a second for 60 s into the logs panel's 100,000-line ring, in Chromium, on
 * the demo war room with Live on. The lines are handed to the page's own client as
 * `logTail` frames (the renderer's real path: frame parse, zod, store, panel), bypassing
 * the services' limit of 1,000 lines a second per tail (services/live/log-tails.ts),
 * which stays as it is for everyone else.
 */
export async function benchLogsTail(): Promise<BenchFigure[]> {
  const config = LockstepConfigSchema.parse({ mode: 'demo', sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet', locks: 2000, scheduledIncidents: false }], alertPollSeconds: 5 });
  const host = await startBenchWebHost(config, createDemoSource);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(host.tokenUrl);
    const panel = page.locator('[data-panel-id="logs"]');
    await panel.getByTestId('log-line').first().waitFor({ timeout: 60_000 });
    await panel.getByTestId('logs-live-toggle').click();
    await panel.getByTestId('logs-live-status').filter({ hasText: /^live$/ }).waitFor({ timeout: 30_000 });
    const cdp = await page.context().newCDPSession(page);
    // The heap is read after a forced full GC; the frames that GC stalls are the harness's, not the panel's, and are left out below.
    const gcWindows: [number, number][] = [];
    const heap = async () => {
      const from = Date.now();
      await cdp.send('HeapProfiler.collectGarbage');
      const used = (await cdp.send('Runtime.getHeapUsage')).usedSize / 1e6;
      gcWindows.push([from, Date.now()]);
      return used;
    };
    const before = await heap();
    // LOGS_BENCH_PROFILE=file.cpuprofile: a CPU profile of the page over the flood, for Chromium DevTools (Performance → load profile).
    const profilePath = process.env.LOGS_BENCH_PROFILE;
    if (profilePath) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.evaluate(`${START_FLOOD}(${JSON.stringify({ rate: RATE, seconds: SECONDS, batchMs: BATCH_MS })})`);
    const t0 = Date.now();
    const at = async (s: number) => {
      await sleep(Math.max(0, t0 + s * 1000 - Date.now()));
      return heap();
    };
    const heap10 = await at(10);
    const heap30 = await at(30);
    const heap60 = await at(SECONDS);
    await page.waitForFunction(() => (window as unknown as { __logsBench: Probe }).__logsBench.done !== undefined, undefined, { timeout: 30_000 });
    await sleep(1_500);
    if (profilePath) writeFileSync(profilePath, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { __logsBench: Probe }).__logsBench;
      return { frames: p.frames, sent: p.sent, batches: p.batches, genMs: p.genMs, started: p.started, done: p.done!, origin: performance.timeOrigin };
    });
    if (process.env.LOGS_BENCH_DEBUG) for (const f of [...probe.frames].sort((a, b) => b.duration - a.duration).slice(0, 8)) console.log(Math.round(f.start - probe.started), Math.round(f.duration), JSON.stringify((f as unknown as { scripts: string[] }).scripts));
    const rowsInPage = await panel.getByTestId('log-line').count();
    const shown = (await panel.getByTestId('log-shown').textContent()) ?? '';
    const evicted = (await panel.getByTestId('logs-tail-evicted').textContent().catch(() => '')) ?? '';
    const inGc = (f: { start: number; duration: number }) => gcWindows.some(([a, b]) => probe.origin + f.start < b && a < probe.origin + f.start + f.duration);
    const flood = probe.frames.filter((f) => f.start >= probe.started && f.start <= probe.done + 1000);
    const during = flood.filter((f) => !inGc(f));
    const gcMax = flood.filter(inGc).reduce((m, f) => Math.max(m, f.duration), 0);
    const maxFrame = during.reduce((m, f) => Math.max(m, f.duration), 0);
    const over = during.filter((f) => f.duration > FRAME_TARGET_MS).length;
    const verdictFrame = maxFrame < FRAME_TARGET_MS ? 'met' : `missed by ${Math.round(maxFrame - FRAME_TARGET_MS)} ms`;
    // The ring fills at 20 s (100,000 lines at 5,000/s): from then on memory must not grow.
    const growth = heap60 - heap30;
    return [
      { label: `lines handed to the page (${probe.batches} frames of ${RATE * BATCH_MS / 1000}, over ${SECONDS} s)`, value: probe.sent, unit: 'lines' },
      { label: `panel says (buffer)`, value: Number(shown.replace(/[^\d]/g, '')) || 0, unit: `lines shown ("${shown.trim()}")` },
      { label: `rows in the page at the end (windowed list)`, value: rowsInPage, unit: 'rows' },
      { label: `long animation frames (> 50 ms) during the flood`, value: during.length, unit: `frames, ${over} over ${FRAME_TARGET_MS} ms` },
      { label: `max frame duration (Long Animation Frames API; < 50 ms when none)`, value: Math.round(maxFrame), unit: `ms (target < ${FRAME_TARGET_MS} ms: ${verdictFrame})` },
      { label: `frames stalled by the bench's own forced GCs (${gcWindows.length} heap readings; left out above)`, value: Math.round(gcMax), unit: 'ms at most' },
      { label: `generating + encoding the flood in the page (included above)`, value: Math.round(probe.genMs / probe.batches), unit: 'ms a frame of lines' },
      { label: `JS heap after GC: before the flood`, value: Math.round(before * 10) / 10, unit: 'MB' },
      { label: `JS heap after GC: at 10 s (ring half full)`, value: Math.round(heap10 * 10) / 10, unit: 'MB' },
      { label: `JS heap after GC: at 30 s (ring full since 20 s)`, value: Math.round(heap30 * 10) / 10, unit: 'MB' },
      { label: `JS heap after GC: at 60 s`, value: Math.round(heap60 * 10) / 10, unit: 'MB' },
      { label: `heap growth 30 s → 60 s with the ring full`, value: Math.round(growth * 10) / 10, unit: `MB (target: flat, under 5% = ${(heap30 * 0.05).toFixed(1)} MB: ${Math.abs(growth) < heap30 * 0.05 ? 'met' : 'missed'})` },
      { label: `heap 10 s → 60 s (10 s holds 50,000 lines, 60 s 100,000)`, value: Math.round((heap60 - heap10) * 10) / 10, unit: `MB; ${evicted.trim() || 'no eviction notice'}` },
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}
