import { EmbeddedFleet } from './embedded/embedded-fleet';

/**
 * Figures for the embedded demo at the default size: construction with its half-hour
 * backfill, the cost of one simulated second, and a scrape-sized evaluation. Prints, never fails.
 */
function main(): void {
  const locks = Number(process.argv[2] ?? 50_000);
  // Optional second argument: an ISO time to simulate (demand depends on the hour in China).
  let clock = process.argv[3] ? Date.parse(process.argv[3]) : Date.now();
  let t = performance.now();
  const embedded = new EmbeddedFleet({ sourceId: 'demo', locks, seed: 42, now: () => clock, autoStart: false });
  const construct = performance.now() - t;
  const ticks = 60;
  t = performance.now();
  for (let i = 0; i < ticks; i++) {
    clock += 1000;
    embedded.advanceTo(clock);
  }
  const perSecond = (performance.now() - t) / ticks;
  t = performance.now();
  for (let i = 0; i < 20; i++) embedded.fleet.tick(1000);
  const bareTick = (performance.now() - t) / 20;
  console.log(JSON.stringify({ locks, constructAndBackfillMs: Math.round(construct), advanceOneSecondMs: +perSecond.toFixed(2), bareTickMs: +bareTick.toFixed(2) }));
}

main();
