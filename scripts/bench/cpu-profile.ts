import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Page } from '@playwright/test';

/** The part of a CDP `Profiler.Profile` this summary reads (times in µs). */
interface CdpProfile {
  nodes: { id: number; parent?: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  /** Wall time the profile covered, ms. */
  spanMs: number;
  /** Main-thread time not idle (JS, GC, and the browser's own work the profiler calls "(program)"), ms. */
  busyMs: number;
  /** Of which garbage collection, ms. */
  gcMs: number;
  /** The functions that spent most time themselves, ms, largest first. */
  self: { name: string; ms: number }[];
  /** The functions most time was spent under (themselves and what they called), ms, largest first. */
  total: { name: string; ms: number }[];
}

/** "fn file.js:line:col", 1-based, the file by its last path segment; native frames by their name. */
function frameName(frame: CdpProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.split('/').pop() ?? '';
  const name = frame.functionName || '(anonymous)';
  return file ? `${name} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : name;
}

/** Self and inclusive time per function of one sampled profile. */
export function summariseProfile(profile: CdpProfile, top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    // A sample's delta is the time since the previous one: charge it to this sample's stack.
    const us = deltas[i] ?? 0;
    const leaf = byId.get(samples[i]!);
    if (!leaf || leaf.callFrame.functionName === '(idle)') continue;
    busy += us;
    if (leaf.callFrame.functionName === '(garbage collector)') gc += us;
    const leafName = frameName(leaf.callFrame);
    self.set(leafName, (self.get(leafName) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parentOf.get(id)) {
      const node = byId.get(id);
      if (!node || node.callFrame.functionName === '(root)') continue;
      const name = frameName(node.callFrame);
      if (seen.has(name)) continue; // recursion: count a sample once per function
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  const ranked = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10 }));
  return { spanMs: (profile.endTime - profile.startTime) / 1000, busyMs: busy / 1000, gcMs: gc / 1000, self: ranked(self), total: ranked(total) };
}

/**
 * A CPU profile of the page's main thread over `ms`, sampled every 200 µs (CDP Profiler); the
 * raw profile is also written to `saveTo` (a .cpuprofile file DevTools' Performance panel opens).
 */
export async function profilePage(page: Page, ms: number, saveTo?: string): Promise<ProfileSummary> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    await new Promise((resolve) => setTimeout(resolve, ms));
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CdpProfile };
    if (saveTo) writeFileSync(saveTo, JSON.stringify(profile));
    return summariseProfile(profile);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface MainThreadTimes {
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
}

/**
 * The main thread's cumulative busy time (all tasks), script, layout and style time, ms, from
 * CDP Performance metrics; one session kept open so two reads bracket a window.
 */
export async function openMainThreadMeter(page: Page): Promise<{ read(): Promise<MainThreadTimes>; close(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
      return { taskMs: get('TaskDuration'), scriptMs: get('ScriptDuration'), layoutMs: get('LayoutDuration'), styleMs: get('RecalcStyleDuration') };
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}

/** One main-thread task from a Chromium trace: wall duration and the CPU time the thread spent on it, ms. */
export interface TracedTask {
  wallMs: number;
  cpuMs: number;
}

const TraceEventsSchema = z.object({
  traceEvents: z.array(z.object({ name: z.string(), ph: z.string(), pid: z.number(), tid: z.number(), dur: z.number().optional(), tdur: z.number().optional(), args: z.record(z.string(), z.unknown()).optional() }).passthrough()),
});

/**
 * The renderer main thread's top-level tasks from a Chromium trace (category "toplevel"):
 * their thread CPU time (`tdur`) stays near what the page costs when the machine is loaded,
 * where wall-clock durations stretch with every other process on its cores.
 */
export function mainThreadTasks(traceJson: string): TracedTask[] {
  const { traceEvents } = TraceEventsSchema.parse(JSON.parse(traceJson));
  const main = traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args?.name === 'CrRendererMain'));
  const threads = new Set(main.map((e) => `${e.pid}:${e.tid}`));
  return traceEvents
    .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && threads.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }));
}
