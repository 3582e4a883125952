/**
 * The wall soak of scripts/bench/wall-soak.ts, with heap snapshots: prints the heap after GC
 * every minute and writes a `.heapsnapshot` at the minutes asked, then the diff of each
 * snapshot against the first (scripts/bench/heap-snapshot-diff.ts).
 *
 *   npx tsx scripts/bench/wall-heap-snapshots.ts --at 1,5,10 --out /tmp/wall-heap
 *
 * For readable constructor names build the UI unminified first
 * (`npx vite build -c vite.renderer.config.ts --minify false`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './browser';
import { summariseHeapSnapshotFiles } from './heap-snapshot-diff';
import { takeHeapSnapshot } from './heap-snapshot-take';
import { heapOnSlide, openWallSoakPage } from './wall-soak';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const at = arg('--at', '1,5,10').split(',').map(Number).filter((m) => Number.isInteger(m) && m >= 1);
  if (at.length < 2) throw new Error('--at wants two or more whole minutes, e.g. --at 1,5,10');
  const outDir = arg('--out', '/tmp/wall-heap');
  mkdirSync(outDir, { recursive: true });
  const { cdp, firstSlide, close } = await openWallSoakPage();
  try {
    await cdp.send('HeapProfiler.enable');
    const started = Date.now();
    const files: string[] = [];
    for (let minute = 1; minute <= Math.max(...at); minute++) {
      await sleep(Math.max(0, minute * 60_000 - (Date.now() - started)));
      const heap = await heapOnSlide(cdp, firstSlide);
      console.log(`minute ${minute}: heap after GC ${(heap / 1e6).toFixed(2)} MB`);
      if (!at.includes(minute)) continue;
      const file = join(outDir, `minute-${minute}.heapsnapshot`);
      await takeHeapSnapshot(cdp, file);
      files.push(file);
      console.log(`  snapshot written: ${file}`);
    }
    await close();
    for (const file of files.slice(1)) {
      console.log(`\n=== ${files[0]} → ${file}`);
      console.log(summariseHeapSnapshotFiles(files[0]!, file, 20));
    }
  } finally {
    await close();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
