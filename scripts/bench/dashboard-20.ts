import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoSource } from '../../demo';
import { LockstepConfigSchema } from '../../services/config/sources';
import { warRoomDashboard } from '../../services/dashboards/war-room';
import type { Panel } from '../../shared/model/dashboard';
import { launchChromium, percentile, sleep, startBenchWebHost } from './browser';
import type { BenchFigure } from './trace';
import { mainThreadTasks, openMainThreadMeter, profilePage } from './cpu-profile';

const TASK_TARGET_MS = 50;
const DASHBOARD_ID = 'bench-twenty';

/** `--warmup S` / `--seconds S` (or LOCKSTEP_BENCH_DASHBOARD_SECONDS) shorten a check run; defaults 15 s and 60 s. */
function argSeconds(flag: string, fallback: number): number {
  const at = process.argv.indexOf(flag);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Twenty panels from the built-in war room's: its time series (each query narrowed by a
 * distinct no-op matcher, so the host runs twenty separate queries, not one shared one),
 * stat panels over the same series, its logs and deployments panels; four per row band of
 * the 24-column grid, at the war room's 5 s refresh.
 */
export function twentyPanelDashboard(): unknown {
  const series = warRoomDashboard.panels.filter((p) => p.kind === 'timeseries');
  const logs = warRoomDashboard.panels.find((p) => p.kind === 'logs');
  const deployments = warRoomDashboard.panels.find((p) => p.kind === 'deployments');
  const panels: Panel[] = [];
  for (let i = 0; i < 20; i += 1) {
    const grid = { x: (i % 4) * 6, y: Math.floor(i / 4) * 6, w: 6, h: 6 };
    const id = `bench-${i}`;
    if (i === 9 && logs) panels.push({ ...logs, id, grid });
    else if (i === 14 && deployments) panels.push({ ...deployments, id, grid });
    else {
      const source = series[i % series.length]!;
      const targets = source.targets.map((t) => ({ ...t, expr: `${t.expr}{bench_panel!="${i}"}` }));
      // Every third one a stat panel: the latest value of the same series, as a big number.
      panels.push(i % 3 === 2 ? { ...source, id, grid, kind: 'stat', title: `${source.title} now`, targets, options: {} } : { ...source, id, grid, title: `${source.title} (${i})`, targets });
    }
  }
  return { ...warRoomDashboard, id: DASHBOARD_ID, title: 'Bench: twenty panels', refreshSeconds: 5, panels };
}

/**
 * In the page before the app starts: every long task (> 50 ms, Long Tasks API) and every
 * Long Animation Frame, with each script of 5 ms or more in it: what invoked it (a timer, an
 * event, a resolved promise), where its code is (sourceURL:sourceCharPosition) and its function.
 */
const PAGE_PROBE = `(() => {
  const probe = (window.__dash20 = { tasks: [], frames: [] });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.tasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) probe.frames.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0, scripts: e.scripts.filter((s) => s.duration >= 5).map((s) => ({ invoker: s.invoker, invokerType: s.invokerType, sourceURL: s.sourceURL.split('/').pop(), sourceFunctionName: s.sourceFunctionName, sourceCharPosition: s.sourceCharPosition, duration: Math.round(s.duration), forcedLayout: Math.round(s.forcedStyleAndLayoutDuration) })) }); }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
})();`;

interface FrameScript {
  invoker: string;
  invokerType: string;
  sourceURL: string;
  sourceFunctionName: string;
  sourceCharPosition: number;
  duration: number;
  forcedLayout: number;
}

interface Entry {
  start: number;
  duration: number;
  render?: number;
  scripts?: FrameScript[];
}

/** "TimerHandler:setInterval → tick index.js@81234 40 ms (forced layout 3 ms)". */
function describeScript(s: FrameScript): string {
  const where = `${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL || '?'}@${s.sourceCharPosition}`;
  return `${s.invoker} → ${where} ${s.duration} ms${s.forcedLayout ? ` (forced layout ${s.forcedLayout} ms)` : ''}`;
}

/**
 * An unminified build (names kept, sourcemaps) in a temporary directory, for a profile whose
 * functions mean something: `LOCKSTEP_BENCH_UNMINIFIED=1`.
 */
export function unminifiedBuild(): string {
  const out = mkdtempSync(join(tmpdir(), 'lockstep-bench-unminified-'));
  const vite = join(process.cwd(), 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn', '--minify', 'false', '--outDir', out], { cwd: process.cwd(), stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the unminified UI build failed (see above)');
  return out;
}

/**
 * A dashboard of 20 panels refreshing every 5 s on the embedded demo, through the web host,
 * in Chromium: after a warm-up, every main-thread task over 50 ms for a minute (Long Tasks
 * API), and the Long Animation Frames too. Steady state: the target is none over 50 ms.
 */
export async function benchDashboard20(): Promise<BenchFigure[]> {
  const warmupSeconds = argSeconds('--warmup', 15);
  const seconds = argSeconds('--seconds', Number(process.env.LOCKSTEP_BENCH_DASHBOARD_SECONDS ?? 60));
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-dashboards-'));
  writeFileSync(join(dir, `${DASHBOARD_ID}.json`), JSON.stringify(twentyPanelDashboard(), null, 2));
  const config = LockstepConfigSchema.parse({
    mode: 'demo',
    sources: [{ kind: 'demo', id: 'demo', name: 'Demo fleet', locks: 5000, scheduledIncidents: false }],
    alertPollSeconds: 5,
    dashboardsDir: dir,
  });
  const profileSeconds = process.argv.includes('--profile') ? argSeconds('--profile', 15) : 0;
  const host = await startBenchWebHost(config, createDemoSource, ...(process.env.LOCKSTEP_BENCH_UNMINIFIED ? [unminifiedBuild()] : []));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(PAGE_PROBE);
    await page.goto(host.tokenUrl);
    const picker = page.getByTestId('dashboard-picker');
    await picker.locator(`option[value="${DASHBOARD_ID}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    await picker.selectOption(DASHBOARD_ID);
    await page.locator(`[data-testid="dashboard"][data-dashboard-id="${DASHBOARD_ID}"]`).waitFor({ timeout: 60_000 });
    const panelCount = await page.locator('[data-testid="dashboard"] [data-panel-id]').count();
    await sleep(warmupSeconds * 1000);
    const meter = await openMainThreadMeter(page);
    const before = await meter.read();
    // Top-level tasks only: a light trace that records each task's thread CPU time beside its wall time.
    await browser.startTracing(page, { categories: ['toplevel'] });
    const from = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const traced = mainThreadTasks((await browser.stopTracing()).toString('utf8'));
    const after = await meter.read();
    await meter.close();
    const { tasks, frames, to } = await page.evaluate(() => {
      const probe = (window as unknown as { __dash20: { tasks: Entry[]; frames: Entry[] } }).__dash20;
      return { tasks: probe.tasks, frames: probe.frames, to: performance.now() };
    });
    const drawn = await page.locator('[data-testid="timeseries-chart"]:not([data-series-count="0"])').count();
    const inWindow = (e: Entry) => e.start >= from && e.start <= to;
    const steady = tasks.filter(inWindow).map((t) => t.duration);
    const steadyFrames = frames.filter(inWindow);
    const max = steady.length ? Math.max(...steady) : 0;
    const over = steady.filter((d) => d > TASK_TARGET_MS).length;
    const verdict = over === 0 ? 'met' : `missed: ${over} over`;
    if (process.env.LOCKSTEP_BENCH_DEBUG) {
      for (const f of [...steadyFrames].sort((a, b) => b.duration - a.duration).slice(0, 8)) {
        console.log(`  frame at +${Math.round(f.start - from)} ms: ${Math.round(f.duration)} ms (rendering ${Math.round(f.render ?? 0)} ms)`);
        for (const s of f.scripts ?? []) console.log(`    ${describeScript(s)}`);
      }
    }
    // After the measured window, so the profiler's own overhead does not count in the figures above.
    if (profileSeconds > 0) {
      const saveTo = join(dir, 'dashboard-20.cpuprofile');
      const profile = await profilePage(page, profileSeconds * 1000, saveTo);
      console.log(`  CPU profile (${saveTo}) over ${Math.round(profile.spanMs)} ms: main thread busy ${Math.round(profile.busyMs)} ms (GC ${Math.round(profile.gcMs)} ms), ${Math.round((profile.busyMs / profile.spanMs) * 5000)} ms per 5 s refresh`);
      console.log('  self time:');
      for (const f of profile.self) console.log(`    ${String(f.ms).padStart(8)} ms  ${f.name}`);
      console.log('  total time (itself and what it called):');
      for (const f of profile.total) console.log(`    ${String(f.ms).padStart(8)} ms  ${f.name}`);
    }
    const refreshes = seconds / 5;
    const worst = [...steadyFrames].sort((a, b) => b.duration - a.duration)[0];
    return [
      { label: `panels on the dashboard (refresh 5 s; charts drawn with data at the end: ${drawn})`, value: panelCount, unit: 'panels' },
      { label: `measured window (after a ${warmupSeconds} s warm-up)`, value: seconds, unit: 's' },
      { label: 'main-thread tasks over 50 ms (Long Tasks API)', value: over, unit: `tasks (target: none: ${verdict})` },
      { label: 'longest main-thread task (0 when none over 50 ms)', value: Math.round(max), unit: `ms (target < ${TASK_TARGET_MS} ms: ${max < TASK_TARGET_MS ? 'met' : `missed by ${Math.round(max - TASK_TARGET_MS)} ms`})` },
      { label: 'p95 of the tasks over 50 ms (0 when none)', value: steady.length ? Math.round(percentile(steady, 95)) : 0, unit: 'ms' },
      { label: 'long animation frames (> 50 ms, rendering included)', value: steadyFrames.length, unit: `frames; longest ${Math.round(worst?.duration ?? 0)} ms${worst?.scripts?.length ? ` (${worst.scripts.slice(0, 3).map(describeScript).join(', ')})` : ''}` },
      { label: 'main-thread tasks over 50 ms of thread CPU time (trace tdur)', value: traced.filter((t) => t.cpuMs > TASK_TARGET_MS).length, unit: `tasks of ${traced.length}; longest ${Math.round(Math.max(0, ...traced.map((t) => t.cpuMs)))} ms CPU; longest by wall ${Math.round(Math.max(0, ...traced.map((t) => t.wallMs)))} ms (wall time stretches with the machine's load)` },
      { label: 'main-thread CPU time per 5 s refresh (trace tdur)', value: Math.round(traced.reduce((sum, t) => sum + t.cpuMs, 0) / refreshes), unit: `ms (wall ${Math.round(traced.reduce((sum, t) => sum + t.wallMs, 0) / refreshes)} ms)` },
      { label: 'main-thread busy time per 5 s refresh (CDP TaskDuration)', value: Math.round((after.taskMs - before.taskMs) / refreshes), unit: 'ms' },
      { label: '  of which script / style / layout per refresh', value: Math.round((after.scriptMs - before.scriptMs) / refreshes), unit: `ms script; ${Math.round((after.styleMs - before.styleMs) / refreshes)} ms style; ${Math.round((after.layoutMs - before.layoutMs) / refreshes)} ms layout` },
      { label: 'load average at the end (1 / 5 / 15 min)', value: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), unit: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(1, 3).join(' ') },
    ];
  } finally {
    await browser.close();
    await host.close();
  }
}
