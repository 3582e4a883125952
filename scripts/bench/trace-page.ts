import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { CDPSession, Page } from '@playwright/test';
import { LockstepConfigSchema } from '../../services/config/sources';
import { WEB_PATHS } from '../../shared/api/wire';
import { TraceColumnsSchema } from '../../shared/model/trace-columns';
import { traceColumnsReply } from '../../services/traces/trace-columns-reply';
import { TraceSchema } from '../../shared/model/traces';
import { decodeParents, decodeTraceColumns, encodeTraceColumns } from '../../shared/trace/columns-codec';
import { generateTrace } from '../../shared/trace/generate';
import { layoutTrace } from '../../shared/trace/layout';
import { normalizeZipkin } from '../../shared/trace/zipkin';
import { normalizeZipkinBytes } from '../../shared/trace/zipkin-bytes';
import { HEAD_ROWS } from '../../shared/trace/columns-head';
import { launchChromium, percentile } from './browser';
import { startHostProcess } from './host-process';
import type { BenchFigure } from './trace';

/** Targets of issue 9 (docs: this file's header). */
const OPEN_TARGET_MS = { '10k': 300, '100k': 1000 } as Record<string, number | undefined>;
const COLLAPSE_TARGET_MS = 100;
const FRAME_WORK_TARGET_MS = 16.7;
const HEAP_TARGET_MB = 150;
const SCROLL_FRAMES = 180;

interface Case {
  name: string;
  records: Record<string, unknown>[];
  /** Collapse and expand this row's toggle (its subtree's size is in the name). */
  collapse?: { label: string; row: number };
  scroll?: boolean;
}

/**
 * Opening a trace the way a person does, measured in Chromium: a fake Zipkin on loopback
 * serves generated traces (1k, 10k, 100k spans, a 5,000-deep chain, one span with 10,000
 * children), configured as a source of the real web host; the page opens each by id (the "t"
 * dialog) and the figures are taken in the page: Open pressed → first waterfall row painted,
 * the performance marks the trace slice leaves on the way, main-thread task time (CDP), the
 * page heap after a collection, scrolling frame by frame, and collapse/expand to the repaint.
 * The web host runs in a process of its own, as `npm run web` runs it; its steps are also
 * timed apart, one by one, in this process on the same traces.
 */
export async function benchTracePage(): Promise<BenchFigure[]> {
  const cases: Case[] = [
    { name: '1k', records: generateTrace({ spans: 1_000, seed: 21 }) as Record<string, unknown>[] },
    { name: '10k', records: generateTrace({ spans: 10_000, seed: 22 }) as Record<string, unknown>[], scroll: true },
    { name: '100k', records: generateTrace({ spans: 100_000, seed: 7 }) as Record<string, unknown>[], scroll: true, collapse: { label: 'the 100k root', row: 0 } },
    { name: '5,000-deep chain', records: generateTrace({ spans: 5_000, depth: 5_000, seed: 11 }) as Record<string, unknown>[], scroll: true, collapse: { label: 'the 5,000-deep root', row: 0 } },
    { name: '10,000 children', records: wideTrace(10_000), collapse: { label: 'a node of 10,000 children', row: 0 } },
  ];
  // LOCKSTEP_BENCH_TRACES=100k,10k runs only those cases (a quicker loop while working on one);
  // the two that have a comma in their name are "chain" and "children" there.
  const only = process.env.LOCKSTEP_BENCH_TRACES?.split(',').map((name) => name.trim());
  if (only) cases.splice(0, cases.length, ...cases.filter((c) => only.some((name) => c.name === name || c.name.endsWith(` ${name}`))));
  const figures: BenchFigure[] = [{ label: `load average at start (/proc/loadavg; 2 cores shared)`, value: round(loadavg()[0]!, 2), unit: loadavg().map((l) => l.toFixed(2)).join(' ') }];
  const hundredK = cases.find((c) => c.name === '100k');

  const bodies = new Map<string, string>(cases.map((c) => [String(c.records[0]!.traceId), JSON.stringify(c.records)]));
  const served: { id: string; ms: number }[] = [];
  // In its own process, so the host's figures (and this process's CPU) are the host's alone.
  const zipkin = await fakeZipkinProcess(bodies, served);
  const url = `http://127.0.0.1:${zipkin.port}`;
  const config = LockstepConfigSchema.parse({
    mode: 'custom',
    sources: [{ kind: 'zipkin', id: 'bench-zipkin', name: 'Bench Zipkin', url, timeoutMs: 60_000, maxResponseMB: 256 }],
  });
  // The host in its own process as well, as `npm run web` runs it (scripts/bench/host-process.ts).
  const host = await startHostProcess(config);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // tsx compiles this file keeping function names (a `__name(fn, "row")` call around each
    // named arrow); the functions handed to page.evaluate run in the page, where that helper is absent.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await page.goto(host.tokenUrl);
    await page.getByTestId('app').waitFor({ timeout: 60_000 });
    for (const c of cases) {
      const traceId = String(c.records[0]!.traceId);
      if (process.env.LOCKSTEP_BENCH_DEBUG) console.log(`  … ${c.name} (${traceId})`);
      // Twice: the first open is cold (the host fetches, normalises and encodes; the page's code
      // paths are not warm yet); the second is answered from the host's column cache
      // (services/traces/trace-columns-cache.ts) with a warm page, as when a trace is reopened.
      const cpuBefore = host.cpuMs();
      // LOCKSTEP_BENCH_PROFILE=dir also traces the first open's timeline (JS, style, layout, paint, idle) there.
      const traceDir = process.env.LOCKSTEP_BENCH_PROFILE;
      if (traceDir) await browser.startTracing(page, { path: join(traceDir, `trace-first-open-${c.name.replace(/[^a-z0-9]+/gi, '-')}.timeline.json`), categories: (process.env.LOCKSTEP_BENCH_CATS ?? 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute').split(',') });
      // Meanwhile another client asks the host something small, one request at a time, as a second console would.
      const probe = hostWaits(new URL(WEB_PATHS.health, host.tokenUrl).href);
      const cold = await openTrace(page, cdp, traceId).finally(() => probe.stop());
      const waits = await probe.result;
      if (traceDir) await browser.stopTracing();
      const coldHostCpu = host.cpuMs() - cpuBefore;
      await closeTrace(page);
      const warmCpuBefore = host.cpuMs();
      // LOCKSTEP_BENCH_PROFILE=dir writes the page's CPU profile of each reopen there (open it in Chromium's DevTools).
      const profileDir = process.env.LOCKSTEP_BENCH_PROFILE;
      if (profileDir) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      const open: OpenFigures | undefined = await openTrace(page, cdp, traceId);
      if (profileDir) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
        writeFileSync(join(profileDir, `trace-open-${c.name.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`), JSON.stringify(profile));
      }
      const warmHostCpu = host.cpuMs() - warmCpuBefore;
      const cpuMs = (ms: number) => Math.round(ms);
      const rows = open!.rows;
      const hostRss = host.rssMB();
      const heap = await pageHeapMB(cdp);
      const target = OPEN_TARGET_MS[c.name];
      const lastServe = served.filter((s) => s.id === traceId).at(-1);
      figures.push(
        {
          label: `${c.name} (${rows.toLocaleString('en')} rows): FIRST open (host cache cold) → first row painted`,
          value: Math.round(cold.firstRowMs),
          unit: `${target === undefined ? 'ms' : verdict(cold.firstRowMs, target)}; ${cold.headFirst ? `a row of the first ${HEAD_ROWS} the host sends ahead (they arrived at ${Math.round(cold.marks.head)} ms); the whole trace's rows below` : 'the whole trace\'s rows (no first rows sent ahead)'}`,
        },
        {
          label: `${c.name}: FIRST open → the whole trace's rows painted (the first rows replaced)`,
          value: Math.round(cold.wholeMs),
          unit: `ms (no target of its own); host + wire ${Math.round(cold.marks.received)} ms (host CPU ${cpuMs(coldHostCpu)} ms), page ${Math.round(cold.wholeMs - cold.marks.received)} ms (decode ${Math.round(cold.marks.decoded - cold.marks.received)}, layout + critical path ${Math.round(cold.marks.laidOut - cold.marks.decoded)}, render ${Math.round(cold.wholeMs - cold.marks.laidOut)}; page main-thread task time ${Math.round(cold.taskMs)} ms)`,
        },
        {
          label: `${c.name}: FIRST open — the longest another request to the host waited meanwhile`,
          value: Math.round(waits.longestMs),
          unit: `ms (GET ${WEB_PATHS.health}, one at a time, ${PROBE_PAUSE_MS} ms apart: ${waits.count} answered, median ${Math.round(waits.medianMs)} ms)`,
        },
        {
          label: `${c.name}: reopened (host answers from its cache) → first row painted`,
          value: Math.round(open!.firstRowMs),
          unit: `${target === undefined ? 'ms' : verdict(open!.firstRowMs, target)}${open!.headFirst ? `; a row of the first ${HEAD_ROWS}, which the host tells again from its cache` : ''}`,
        },
        { label: `${c.name}: reopened → the whole trace's rows painted`, value: Math.round(open!.wholeMs), unit: 'ms' },
        { label: `${c.name}:   of which host + wire until the reply was parsed (mark "received")`, value: Math.round(open!.marks.received), unit: `ms (host CPU ${cpuMs(warmHostCpu)} ms; the fake Zipkin answered the first open in ${Math.round(lastServe?.ms ?? NaN)} ms, this one not at all)` },
        { label: `${c.name}:   decode columns → spans`, value: Math.round(open!.marks.decoded - open!.marks.received), unit: 'ms' },
        { label: `${c.name}:   layout + critical path`, value: Math.round(open!.marks.laidOut - open!.marks.decoded), unit: 'ms' },
        { label: `${c.name}:   render + paint of the whole`, value: Math.round(open!.wholeMs - open!.marks.laidOut), unit: 'ms' },
        { label: `${c.name}: page main-thread task time while opening (CDP TaskDuration)`, value: Math.round(open!.taskMs), unit: 'ms' },
        { label: `${c.name}: page JS heap after opening (after GC)`, value: round(heap, 1), unit: c.name === '100k' ? `MB (target < ${HEAP_TARGET_MB} MB: ${heap < HEAP_TARGET_MB ? 'met' : 'MISSED'})` : 'MB' },
        { label: `${c.name}: web host process memory after serving (fake Zipkin apart)`, value: Math.round(hostRss), unit: 'MB RSS' },
      );
      if (process.env.LOCKSTEP_BENCH_DEBUG) for (const f of figures.slice(-8)) console.log(`  ${f.label} ${f.value} ${f.unit}`);
      if (c.scroll) {
        // With LOCKSTEP_BENCH_PROFILE the scroll is run twice more: under the JS profiler, and
        // under a timeline trace (style, layout, paint), each written to a file.
        figures.push(...(await scrollFigures(page, cdp, c.name)));
        if (profileDir) {
          const file = c.name.replace(/[^a-z0-9]+/gi, '-');
          await cdp.send('Profiler.start');
          await scrollFigures(page, cdp, c.name);
          const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
          writeFileSync(join(profileDir, `trace-scroll-${file}.cpuprofile`), JSON.stringify(profile));
          await browser.startTracing(page, { path: join(profileDir, `trace-scroll-${file}.timeline.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
          await scrollFigures(page, cdp, c.name);
          await browser.stopTracing();
        }
      }
      if (c.collapse) {
        const { collapseMs, expandMs, collapsedRows } = await collapseAndExpand(page, c.collapse.row, rows);
        figures.push(
          { label: `${c.name}: collapse ${c.collapse.label} (${rows} → ${collapsedRows} rows) → repainted`, value: Math.round(collapseMs), unit: verdict(collapseMs, COLLAPSE_TARGET_MS) },
          { label: `${c.name}: expand it again (→ ${rows} rows) → repainted`, value: Math.round(expandMs), unit: verdict(expandMs, COLLAPSE_TARGET_MS) },
        );
      }
      await closeTrace(page);
    }
  } finally {
    await browser.close();
    await host.close();
    zipkin.close();
  }
  // After the page: the ~1 GB these steps leave for the collector would slow this process while it drives the page.
  if (hundredK) figures.push(...hostSteps(hundredK));
  figures.push({ label: 'load average at end', value: round(loadavg()[0]!, 2), unit: loadavg().map((l) => l.toFixed(2)).join(' ') });
  return figures;
}

/**
 * Where the host's part of opening 100k spans goes, and what the page would parse: the
 * column form against the object form getTrace sends (the old path), each step timed alone.
 */
function hostSteps(c: Case): BenchFigure[] {
  const zipkinBody = JSON.stringify(c.records);
  const t0 = performance.now();
  const json: unknown = JSON.parse(zipkinBody);
  const t1 = performance.now();
  const trace = normalizeZipkin(json);
  const t2 = performance.now();
  const columns = encodeTraceColumns(trace);
  const t3 = performance.now();
  // As services/core/dispatch.ts sends it: number columns as base64 of their bytes (Node's Buffer).
  const wire = JSON.stringify(traceColumnsReply(columns));
  const t4 = performance.now();
  const objectWire = JSON.stringify(trace);
  const t5 = performance.now();
  // The page's side of it, here in Node for the split (same V8): parse, check, decode, lay out.
  const parsed: unknown = JSON.parse(wire);
  const t6 = performance.now();
  const checked = TraceColumnsSchema.parse(parsed);
  const t7 = performance.now();
  const decoded = decodeTraceColumns(checked);
  const t8 = performance.now();
  // As the page does it (renderer/src/store/trace-slice.ts): with the parents the host resolved.
  layoutTrace(decoded, { parents: decodeParents(checked) });
  const t9 = performance.now();
  const objectParsed: unknown = JSON.parse(objectWire);
  const t10 = performance.now();
  TraceSchema.parse(objectParsed);
  const t11 = performance.now();
  // The path a trace of this shape takes in the host: straight from the answer's bytes.
  const bytes = Buffer.from(zipkinBody);
  const t12 = performance.now();
  const scanned = normalizeZipkinBytes(bytes);
  const t13 = performance.now();
  const n = trace.spans.length.toLocaleString('en');
  return [
    { label: `host, ${n} spans: Zipkin answer bytes → model (the scanner, as the host reads it)`, value: Math.round(t13 - t12), unit: `ms (${scanned ? 'taken' : 'DECLINED: the general path below runs instead'})` },
    { label: `host, the general path (other shapes): Zipkin answer JSON.parse (${round(zipkinBody.length / 1e6, 1)} MB)`, value: Math.round(t1 - t0), unit: 'ms' },
    { label: `host, the general path: normalise Zipkin → model`, value: Math.round(t2 - t1), unit: 'ms' },
    { label: `host: encode columns + base64 + JSON.stringify`, value: Math.round(t4 - t2), unit: `ms (encode ${Math.round(t3 - t2)} ms)` },
    { label: `wire: column form (getTraceColumns)`, value: round(wire.length / 1e6, 1), unit: `MB (object form, getTrace: ${round(objectWire.length / 1e6, 1)} MB, stringify ${Math.round(t5 - t4)} ms)` },
    { label: `page side in Node: JSON.parse of the columns`, value: Math.round(t6 - t5), unit: `ms (object form: ${Math.round(t10 - t9)} ms)` },
    { label: `page side in Node: zod check of the columns`, value: Math.round(t7 - t6), unit: `ms (object form, TraceSchema: ${Math.round(t11 - t10)} ms)` },
    { label: `page side in Node: decode columns → spans`, value: Math.round(t8 - t7), unit: 'ms' },
    { label: `page side in Node: layoutTrace (parents sent)`, value: Math.round(t9 - t8), unit: 'ms' },
  ];
}

interface OpenFigures {
  /** The first row painted: of the first rows the host sends ahead of a large trace, or of the whole. */
  firstRowMs: number;
  /** The whole trace's rows painted (the waterfall no longer a preview): the same as firstRowMs when no first rows came ahead. */
  wholeMs: number;
  /** Whether the first row painted was one of the first rows sent ahead. */
  headFirst: boolean;
  rows: number;
  marks: { head: number; received: number; decoded: number; laidOut: number };
  taskMs: number;
}

async function openTrace(page: Page, cdp: CDPSession, traceId: string): Promise<OpenFigures> {
  await page.locator('body').press('t');
  await page.getByTestId('trace-id-input').fill(traceId);
  // The dialog's button can come a render after its input: clicked in the page below, it must be there first.
  await page.getByTestId('trace-id-submit').waitFor();
  // A dialog rendered afresh in between would have lost what was typed.
  if ((await page.getByTestId('trace-id-input').inputValue()) !== traceId) await page.getByTestId('trace-id-input').fill(traceId);
  const before = await taskDuration(cdp);
  const result = await page.evaluate(async () => {
    performance.clearMarks();
    // Found again here, not trusted from the wait above: the dialog can render once more in
    // between (a lazily loaded part arriving), and the button seen then is gone (seen once in
    // about twenty runs: "Cannot read properties of null (reading 'click')").
    let submit = document.querySelector<HTMLButtonElement>('[data-testid="trace-id-submit"]');
    for (let tries = 0; !submit && tries < 100; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      submit = document.querySelector<HTMLButtonElement>('[data-testid="trace-id-submit"]');
    }
    if (!submit) throw new Error('the trace dialog\'s Open button went away and did not come back within 5 s');
    const start = performance.now();
    const row = () => document.querySelector('[data-testid="trace-row"]');
    const failed = () => document.querySelector('[data-testid="trace-view"] [data-testid="panel-error"]');
    // The waterfall of the whole trace, not the first rows sent ahead of it (data-preview).
    const whole = () => document.querySelector('[data-testid="trace-waterfall"]:not([data-preview]) [data-testid="trace-row"]');
    const until = (seen: () => unknown, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (seen()) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${what} within 60 s`)), 60_000);
        const observer = new MutationObserver(() => {
          if (seen() || failed()) {
            observer.disconnect();
            clearTimeout(timer);
            resolve();
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-preview'] });
      });
    // The row is in the DOM; the next frame's callback runs once it has been laid out and painted.
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const found = until(row, 'trace row');
    submit.click();
    await found;
    const headFirst = !whole() && !failed();
    await painted();
    const firstRowMs = performance.now() - start;
    let wholeMs = firstRowMs;
    if (headFirst) {
      await until(whole, 'row of the whole trace');
      await painted();
      wholeMs = performance.now() - start;
    }
    const at = (name: string) => (performance.getEntriesByName(name, 'mark')[0]?.startTime ?? Number.NaN) - start;
    const scroller = document.querySelector('[data-testid="trace-waterfall"]');
    return {
      firstRowMs,
      wholeMs,
      headFirst,
      rows: Number(scroller?.getAttribute('data-row-count') ?? 0),
      error: row() ? undefined : document.querySelector('[data-testid="trace-view"]')?.textContent ?? 'no trace view',
      marks: { head: at('lockstep:trace:head'), received: at('lockstep:trace:received'), decoded: at('lockstep:trace:decoded'), laidOut: at('lockstep:trace:laid-out') },
    };
  });
  if (result.error) throw new Error(`trace ${traceId} did not open: ${result.error}`);
  const taskMs = (await taskDuration(cdp)) - before;
  return { ...result, taskMs };
}

async function closeTrace(page: Page): Promise<void> {
  await page.getByTestId('trace-close').click();
  await page.getByTestId('trace-view').waitFor({ state: 'detached' });
}

/** Main-thread task time of the page so far, ms (CDP Performance.getMetrics). */
async function taskDuration(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
}

async function pageHeapMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usage.usedSize / 1e6;
}

/**
 * Scrolls the waterfall by 8 rows a frame for SCROLL_FRAMES frames and records every frame's
 * start (requestAnimationFrame timestamps) and each Long Animation Frame (> 50 ms) reported.
 * A frame whose work overran its 16.7 ms budget shows as a gap of two frames or more.
 */
async function scrollFigures(page: Page, cdp: CDPSession, name: string): Promise<BenchFigure[]> {
  const before = await taskDuration(cdp);
  const result = await page.evaluate(async (frames) => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="trace-waterfall"]')!;
    const rowHeight = document.querySelector<HTMLElement>('[data-testid="trace-row"]')!.offsetHeight;
    const loafs: { start: number; duration: number }[] = [];
    let observer: PerformanceObserver | undefined;
    try {
      observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) loafs.push({ start: entry.startTime, duration: entry.duration });
      });
      observer.observe({ type: 'long-animation-frame' });
    } catch {
      // Without the API only the frame gaps are measured.
    }
    const stamps: number[] = [];
    await new Promise<void>((resolve) => {
      const step = (t: number) => {
        stamps.push(t);
        if (stamps.length > frames) return resolve();
        scroller.scrollTop += rowHeight * 8;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    observer?.disconnect();
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]!);
    // The scroll's frames only: the frame that painted the trace just opened can still be
    // reported once this observer listens (it began before the first scroll frame).
    const scrolling = loafs.filter((l) => l.start >= stamps[0]! - 1).map((l) => l.duration);
    return { gaps, loafs: scrolling, scrolledTo: scroller.scrollTop, supported: observer !== undefined };
  }, SCROLL_FRAMES);
  const taskMs = (await taskDuration(cdp)) - before;
  const p95 = percentile(result.gaps, 95);
  // Which frames overran (by their place in the scroll), so a late start tells apart from a stall on the way.
  const overAt = result.gaps.flatMap((g, i) => (g > 16.7 * 1.5 ? [i] : []));
  const over = overAt.length;
  const perFrame = taskMs / result.gaps.length;
  return [
    { label: `${name}: scroll ${result.gaps.length} frames × 8 rows — frame interval p95`, value: round(p95, 1), unit: `ms (${over} frames overran a 16.7 ms budget${over ? `, frames ${overAt.join(', ')}` : ''}; max ${round(Math.max(...result.gaps), 1)} ms)` },
    { label: `${name}: scroll — main-thread work per frame (CDP task time ÷ frames)`, value: round(perFrame, 1), unit: verdict(perFrame, FRAME_WORK_TARGET_MS) },
    { label: `${name}: scroll — long animation frames (> 50 ms)`, value: result.loafs.length, unit: result.supported ? `frames (longest ${Math.round(Math.max(0, ...result.loafs))} ms)` : 'frames (API not available)' },
  ];
}

async function collapseAndExpand(page: Page, row: number, total: number): Promise<{ collapseMs: number; expandMs: number; collapsedRows: number }> {
  await page.evaluate(() => {
    document.querySelector<HTMLElement>('[data-testid="trace-waterfall"]')!.scrollTop = 0;
  });
  const toggle = (expectRows: (n: number) => boolean) =>
    page.evaluate(
      async ({ row, want }) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="trace-waterfall"]')!;
        // The row comes back into the window of drawn rows a render or two after the scroll to the
        // top (about one run in ten found it not yet there one frame after), so it is waited for.
        const find = () => document.querySelector<HTMLButtonElement>(`[data-testid="trace-row"][data-row="${row}"] .trace-row__toggle`);
        let button = find();
        for (let frames = 0; !button && frames < 300; frames += 1) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          button = find();
        }
        if (!button) throw new Error(`row ${row}'s fold button was not drawn within 300 frames of scrolling to the top`);
        const from = scroller.getAttribute('data-row-count');
        const start = performance.now();
        const changed = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (scroller.getAttribute('data-row-count') !== from) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(scroller, { attributes: true, attributeFilter: ['data-row-count'] });
        });
        button.click();
        await changed;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const rows = Number(scroller.getAttribute('data-row-count'));
        return { ms: performance.now() - start, rows, ok: want === 'fewer' ? rows < Number(from) : rows > Number(from) };
      },
      { row, want: expectRows(0) ? 'fewer' : 'more' },
    );
  const collapsed = await toggle(() => true);
  const expanded = await toggle(() => false);
  if (!collapsed.ok || expanded.rows !== total) throw new Error(`collapse went ${total} → ${collapsed.rows} → ${expanded.rows} rows`);
  return { collapseMs: collapsed.ms, expandMs: expanded.ms, collapsedRows: collapsed.rows };
}

/** One server span with `children` local spans under it, as Zipkin v2 records (a fan-out batch). */
function wideTrace(children: number): Record<string, unknown>[] {
  const traceId = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
  const start = 1_700_000_000_000_000;
  const endpoint = { serviceName: 'batch-runner', ipv4: '10.0.9.1', port: 8080 };
  const root = { traceId, id: '1000000000000000', name: 'get /batch', kind: 'SERVER', timestamp: start, duration: children * 10 + 100, localEndpoint: endpoint };
  const records: Record<string, unknown>[] = [root];
  for (let i = 0; i < children; i += 1) {
    records.push({ traceId, id: (0x2000000000000000n + BigInt(i)).toString(16), parentId: root.id, name: 'process item', timestamp: start + 50 + i * 10, duration: 8, localEndpoint: endpoint });
  }
  return records;
}

/** The child process's program: Zipkin's GET /api/v2/trace/{id} from files; 404 for anything else. */
const FAKE_ZIPKIN = `
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const dir = process.argv[1];
const ids = process.argv.slice(2);
const bodies = new Map(ids.map((id) => [id, readFileSync(dir + '/' + id + '.json')]));
const server = createServer((request, response) => {
  const started = performance.now();
  const id = /^\\/api\\/v2\\/trace\\/([0-9a-f]+)$/.exec(request.url || '')?.[1];
  const body = id === undefined ? undefined : bodies.get(id);
  if (!body) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('trace not found');
  response.on('finish', () => console.log(JSON.stringify({ id, ms: performance.now() - started })));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** A fake Zipkin in a child process (stdin closing ends it); what it served is appended to `served`. */
async function fakeZipkinProcess(bodies: ReadonlyMap<string, string>, served: { id: string; ms: number }[]): Promise<{ port: number; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-zipkin-'));
  for (const [id, body] of bodies) writeFileSync(join(dir, `${id}.json`), body);
  const child: ChildProcess = spawn(process.execPath, ['-e', FAKE_ZIPKIN, dir, ...bodies.keys()], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the fake Zipkin process did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`the fake Zipkin process exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let message: { port?: number; id?: string; ms?: number };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (typeof message.port === 'number') {
        clearTimeout(timer);
        resolve(message.port);
      } else if (typeof message.id === 'string' && typeof message.ms === 'number') served.push({ id: message.id, ms: message.ms });
    });
  });
  return {
    port,
    close() {
      child.stdin!.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function verdict(value: number, target: number): string {
  return `ms (target < ${target} ms: ${value < target ? 'met' : `MISSED by ${Math.round(value - target)} ms`})`;
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The pause between the probe's requests: without one it sent over 1,000 requests during one 100k open, keeping this process (which drives the page) busy. */
const PROBE_PAUSE_MS = 5;

/**
 * How long the host keeps another client waiting while it works: GETs `url` one after another,
 * PROBE_PAUSE_MS apart, until stopped (at most 5,000 requests or 60 s), and gives the longest
 * and median round trip. A host that reads a large answer on its own thread holds every other
 * request for as long.
 */
function hostWaits(url: string): { stop(): void; result: Promise<{ longestMs: number; medianMs: number; count: number }> } {
  let stopped = false;
  const started = performance.now();
  const result = (async () => {
    const times: number[] = [];
    while (!stopped && times.length < 5_000 && performance.now() - started < 60_000) {
      const t0 = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      times.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
    }
    return times.length === 0 ? { longestMs: NaN, medianMs: NaN, count: 0 } : { longestMs: Math.max(...times), medianMs: percentile(times, 50), count: times.length };
  })();
  return { stop: () => void (stopped = true), result };
}
