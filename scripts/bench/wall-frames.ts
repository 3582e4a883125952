/**
 * What a slide change costs on the soaked wall (scripts/bench/wall-soak.ts): every Long
 * Animation Frame (> 50 ms) and every layout shift, each counted against the slide change it
 * follows, with the scripts behind the frames.
 *
 *   npx tsx scripts/bench/wall-frames.ts [--turns 20] [--warmup-turns 4] [--window-ms 2000]
 *
 * `LOCKSTEP_BENCH_UNMINIFIED=1` serves an unminified build, so the scripts' functions have
 * their names. The soak's heap-snapshot diffs showed Chromium's buffers of these entries
 * filling (200 frames, 150 shifts): each entry is kept with its attribution, so a wall that
 * makes them on every turn holds more for its first minutes.
 */
import { percentile, sleep } from './browser';
import { unminifiedBuild } from './dashboard-20';
import { openWallSoakPage } from './wall-soak';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface FrameScript {
  invoker: string;
  sourceFunctionName: string;
  sourceURL: string;
  sourceCharPosition: number;
  duration: number;
  forcedLayout: number;
}

interface Frame {
  start: number;
  duration: number;
  blocking: number;
  /** From the frame's rendering start to its end: style, layout, paint. */
  render: number;
  scripts: FrameScript[];
}

interface Shift {
  start: number;
  value: number;
  hadRecentInput: boolean;
  /** The nodes that moved, as "section.panel[data-panel-id=…] 0,40 960×300 → 0,52 960×288". */
  sources: string[];
}

interface Turn {
  at: number;
  slide: string;
}

interface Probe {
  frames: Frame[];
  shifts: Shift[];
  turns: Turn[];
}

/** In the page: the observers (buffered, so nothing before this call is lost) and the slide changes, timed on the page's clock. */
function installProbe(): void {
  const probe: Probe = { frames: [], shifts: [], turns: [] };
  (window as unknown as { __wallFrames: Probe }).__wallFrames = probe;
  const describe = (node: Node | null): string => {
    if (!(node instanceof Element)) return node ? node.nodeName : '(gone)';
    const id = node.getAttribute('data-panel-id') ?? node.closest('[data-panel-id]')?.getAttribute('data-panel-id');
    const testId = node.getAttribute('data-testid');
    return `${node.tagName.toLowerCase()}${node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : ''}${testId ? `[${testId}]` : ''}${id ? ` in panel ${id}` : ''}`;
  };
  const rect = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
  type LoAF = PerformanceEntry & { blockingDuration: number; renderStart: number; scripts: (PerformanceEntry & { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; forcedStyleAndLayoutDuration: number })[] };
  type LayoutShift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as LoAF[]) {
      probe.frames.push({
        start: e.startTime,
        duration: e.duration,
        blocking: e.blockingDuration,
        render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        scripts: e.scripts.map((s) => ({ invoker: s.invoker, sourceFunctionName: s.sourceFunctionName, sourceURL: s.sourceURL.split('/').pop() ?? '', sourceCharPosition: s.sourceCharPosition, duration: s.duration, forcedLayout: s.forcedStyleAndLayoutDuration })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as LayoutShift[]) {
      probe.shifts.push({ start: e.startTime, value: e.value, hadRecentInput: e.hadRecentInput, sources: e.sources.map((s) => `${describe(s.node)} ${rect(s.previousRect)} → ${rect(s.currentRect)}`) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const el = document.querySelector('[data-testid="playlist"]')!;
  new MutationObserver(() => probe.turns.push({ at: performance.now(), slide: el.getAttribute('data-slide') ?? '' })).observe(el, { attributes: true, attributeFilter: ['data-slide'] });
}

async function main(): Promise<void> {
  const turns = arg('--turns', 20);
  const warmupTurns = arg('--warmup-turns', 4);
  const windowMs = arg('--window-ms', 2000);
  const { page, close } = await openWallSoakPage(process.env.LOCKSTEP_BENCH_UNMINIFIED ? unminifiedBuild() : undefined);
  try {
    // tsx keeps function names by wrapping each in `__name(fn, "…")`, which the page lacks.
    await page.evaluate('globalThis.__name = (fn) => fn;');
    await page.evaluate(installProbe);
    const count = () => page.evaluate(() => (window as unknown as { __wallFrames: Probe }).__wallFrames.turns.length);
    // Steady state: the playlist has gone round once, every slide's code and dashboard already loaded.
    while ((await count()) < warmupTurns + turns + 1) await sleep(500);
    const probe = await page.evaluate(() => (window as unknown as { __wallFrames: Probe }).__wallFrames);
    const measured = probe.turns.slice(warmupTurns, warmupTurns + turns);
    const from = measured[0]!.at;
    const to = probe.turns[warmupTurns + turns]!.at;
    // Each entry to the slide change before it, when it starts within the window after that change.
    const turnOf = (start: number) => measured.findLast((t) => t.at <= start && start - t.at < windowMs);
    const frames = probe.frames.filter((f) => f.start >= from && f.start < to);
    const shifts = probe.shifts.filter((s) => s.start >= from && s.start < to);
    const onTurn = frames.filter((f) => turnOf(f.start));
    const shiftsOnTurn = shifts.filter((s) => turnOf(s.start));
    const durations = onTurn.map((f) => f.duration);
    const line = (label: string, value: string) => console.log(`  ${label.padEnd(70)} ${value}`);
    console.log(`Wall slide changes: ${turns} measured after ${warmupTurns} to warm up; an entry counts for a change when it starts within ${windowMs} ms of it`);
    line('long animation frames (> 50 ms) on a slide change', `${onTurn.length} (${(onTurn.length / turns).toFixed(2)} per change)`);
    line('  their duration p50 / max', durations.length ? `${Math.round(percentile(durations, 50))} / ${Math.round(Math.max(...durations))} ms` : '—');
    line('  their rendering (style, layout, paint) p50 / max', onTurn.length ? `${Math.round(percentile(onTurn.map((f) => f.render), 50))} / ${Math.round(Math.max(...onTurn.map((f) => f.render)))} ms` : '—');
    line('long animation frames between slide changes', `${frames.length - onTurn.length}${frames.length > onTurn.length ? ` (longest ${Math.round(Math.max(...frames.filter((f) => !turnOf(f.start)).map((f) => f.duration)))} ms)` : ''}`);
    line('layout shifts on a slide change', `${shiftsOnTurn.length} (${(shiftsOnTurn.length / turns).toFixed(2)} per change), value ${shiftsOnTurn.reduce((sum, s) => sum + s.value, 0).toFixed(3)} in all (${(shiftsOnTurn.reduce((sum, s) => sum + s.value, 0) / turns).toFixed(4)} per change)`);
    line('layout shifts between slide changes', `${shifts.length - shiftsOnTurn.length}`);
    // Per slide: which change costs what.
    const slides = [...new Set(measured.map((t) => t.slide))];
    for (const slide of slides) {
      const mine = measured.filter((t) => t.slide === slide);
      const own = onTurn.filter((f) => turnOf(f.start)?.slide === slide);
      const ownShifts = shiftsOnTurn.filter((s) => turnOf(s.start)?.slide === slide);
      line(`  to ${slide} (${mine.length}×)`, `${own.length} frames${own.length ? ` (max ${Math.round(Math.max(...own.map((f) => f.duration)))} ms)` : ''}, ${ownShifts.length} shifts (value ${ownShifts.reduce((sum, s) => sum + s.value, 0).toFixed(3)})`);
    }
    // The scripts behind them: summed by what invoked them and where their code is.
    const byScript = new Map<string, { ms: number; count: number; max: number }>();
    for (const f of onTurn) {
      for (const s of f.scripts) {
        const key = `${s.invoker} → ${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL || '?'}@${s.sourceCharPosition}`;
        const sum = byScript.get(key) ?? { ms: 0, count: 0, max: 0 };
        byScript.set(key, { ms: sum.ms + s.duration, count: sum.count + 1, max: Math.max(sum.max, s.duration) });
      }
    }
    console.log('  scripts in the slide changes\' long frames (total ms, count, longest):');
    for (const [key, sum] of [...byScript].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`    ${String(Math.round(sum.ms)).padStart(6)} ms ${String(sum.count).padStart(3)}× max ${Math.round(sum.max)} ms  ${key}`);
    console.log('  the longest frames, from their slide change:');
    for (const f of [...onTurn].sort((a, b) => b.duration - a.duration).slice(0, 5)) {
      const turn = turnOf(f.start)!;
      console.log(`    +${Math.round(f.start - turn.at)} ms after → ${turn.slide}: ${Math.round(f.duration)} ms (blocking ${Math.round(f.blocking)}, rendering ${Math.round(f.render)})`);
      for (const s of f.scripts.filter((x) => x.duration >= 3)) console.log(`      ${s.invoker} → ${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL}@${s.sourceCharPosition} ${Math.round(s.duration)} ms${s.forcedLayout >= 1 ? ` (forced layout ${Math.round(s.forcedLayout)} ms)` : ''}`);
    }
    console.log('  what moved in the slide changes\' layout shifts (node, times):');
    for (const [node, n] of movedNodes(shiftsOnTurn)) console.log(`    ${String(n).padStart(3)}× ${node}`);
    // One shift for each kind of node that moved first in one, in full.
    const shown = new Set<string>();
    for (const s of shiftsOnTurn) {
      const node = s.sources[0]?.replace(/ \d.*$/, '') ?? '';
      if (shown.has(node)) continue;
      shown.add(node);
      const turn = turnOf(s.start)!;
      console.log(`    e.g. +${Math.round(s.start - turn.at)} ms after → ${turn.slide}: value ${s.value.toFixed(4)}: ${s.sources.join('; ')}`);
    }
    console.log('  what moved in the layout shifts between slide changes (node, times):');
    for (const [node, n] of movedNodes(shifts.filter((s) => !turnOf(s.start)))) console.log(`    ${String(n).padStart(3)}× ${node}`);
  } finally {
    await close();
  }
}

/** The nodes the shifts moved, without their rectangles, most often first. */
function movedNodes(shifts: readonly Shift[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of shifts) {
    for (const source of s.sources) {
      const node = source.replace(/ \d.*$/, '');
      counts.set(node, (counts.get(node) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
