import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { synthesiseHistory } from '../demo/index';
import { BINARIES } from './process/binaries';

const run = promisify(execFile);

/** A week and 6 hours, so the longest funnel range people use (6 h) is whole a week back when the stack has just started. */
export const BACKFILL_HOURS = 7 * 24 + 6;
/** One sample a minute: what a 1-minute rate rule records at the resolution a week-old comparison needs. */
export const BACKFILL_STEP_MS = 60_000;

export interface FunnelBackfillOptions {
  /** The last sample's time (epoch ms): the stack's start, so history and live data do not overlap. */
  endMs: number;
  /** The demo fleet's locks: its unlocks per second are locks × 0.0004 (demo/fleet/fleet.ts). */
  locks: number;
  seed?: number;
  hours?: number;
}

/**
 * The synthesised quiet week of the funnel's recorded series (demo/embedded/week-history.ts,
 * the same the embedded demo answers `offset 1w` from) as OpenMetrics text for
 * `promtool tsdb create-blocks-from openmetrics`: one family per series name, each series'
 * samples in time order, timestamps in seconds, `# EOF` last.
 */
export function funnelHistoryOpenMetrics(options: FunnelBackfillOptions): { text: string; samples: number } {
  const end = Math.floor(options.endMs / BACKFILL_STEP_MS) * BACKFILL_STEP_MS - BACKFILL_STEP_MS;
  const start = end - (options.hours ?? BACKFILL_HOURS) * 3_600_000;
  const lines: string[] = [];
  // The per-city series, and the all-cities one summed from them (as the rules record both).
  const perCity = synthesiseHistory('city_step:ride_funnel_events:rate1m', options.seed ?? 42, options.locks * 0.0004, start, end, BACKFILL_STEP_MS);
  const totals = new Map<string, { times: number[]; values: number[] }>();
  for (const s of perCity) {
    const step = s.labels.step ?? '';
    const total = totals.get(step);
    if (!total) totals.set(step, { times: s.times, values: [...s.values] });
    else s.values.forEach((v, i) => (total.values[i]! += v));
  }
  const families: [string, { labels: string; times: number[]; values: number[] }[]][] = [
    ['city_step:ride_funnel_events:rate1m', perCity.map((s) => ({ labels: `city="${s.labels.city}",step="${s.labels.step}"`, times: s.times, values: s.values }))],
    ['step:ride_funnel_events:rate1m', [...totals].map(([step, t]) => ({ labels: `step="${step}"`, ...t }))],
  ];
  let samples = 0;
  for (const [name, series] of families) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of series) {
      const prefix = `${name}{${s.labels}} `;
      for (let i = 0; i < s.values.length; i++) lines.push(`${prefix}${(s.values[i] ?? 0).toFixed(4)} ${(s.times[i] ?? 0) / 1000}`);
      samples += s.values.length;
    }
  }
  lines.push('# EOF', '');
  return { text: lines.join('\n'), samples };
}

/**
 * Writes the funnel's week of history into a Prometheus data directory as TSDB blocks,
 * before Prometheus starts on it, so `… offset 1w` answers from the first refresh.
 * Returns how many samples and how long it took.
 */
export async function backfillFunnelHistory(tsdbDir: string, options: FunnelBackfillOptions): Promise<{ samples: number; ms: number }> {
  const began = Date.now();
  const { text, samples } = funnelHistoryOpenMetrics(options);
  mkdirSync(tsdbDir, { recursive: true });
  const input = join(tsdbDir, '..', 'funnel-history.om');
  writeFileSync(input, text);
  try {
    // Blocks as long as the history: promtool reads the whole input once per block, so 2-hour blocks (its default) cost about 90 passes (61 s measured for 8 days, against about 3 s in one block).
    await run(BINARIES.promtool.path, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${(options.hours ?? BACKFILL_HOURS) + 24}h`, input, tsdbDir], { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 });
  } catch (e) {
    const detail = e instanceof Error ? ((e as { stderr?: string }).stderr?.trim() || e.message) : String(e);
    throw new Error(`Backfilling a week of funnel history with ${BINARIES.promtool.path} into ${tsdbDir} failed (${detail.split('\n').slice(-3).join(' ')}), so the funnel panels will say there is no week-earlier data; check that promtool runs and the disk has room.`, { cause: e });
  } finally {
    rmSync(input, { force: true });
  }
  return { samples, ms: Date.now() - began };
}
