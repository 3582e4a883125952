import { EmbeddedFleet } from '../../demo';
import type { BenchFigure } from './trace';

/** The embedded default at 50k locks: start-up with its half-hour backfill, and one simulated second. */
export async function benchDemoFleet(locks = 50_000): Promise<BenchFigure[]> {
  let clock = Date.UTC(2026, 10, 24, 2, 0, 0); // a busy hour in the fleet's cities
  const t0 = performance.now();
  const embedded = new EmbeddedFleet({ sourceId: 'demo', locks, seed: 42, now: () => clock, autoStart: false });
  const construct = performance.now() - t0;
  const seconds = 60;
  const t1 = performance.now();
  for (let i = 0; i < seconds; i++) {
    clock += 1000;
    embedded.advanceTo(clock);
  }
  const perSecond = (performance.now() - t1) / seconds;
  return [
    { label: `demo fleet ${locks} locks: construct + 30 min backfill`, value: Math.round(construct), unit: 'ms' },
    { label: `demo fleet ${locks} locks: one simulated second incl. rules`, value: Math.round(perSecond * 100) / 100, unit: 'ms' },
  ];
}
