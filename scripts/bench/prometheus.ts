import { availableParallelism, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ColumnarMatrix, decodeMatrixBytes, decodeMatrixJson, toSeriesModel } from '../../services/datasources/prometheus-decode';
import { MatrixDecoder } from '../../services/datasources/prometheus-decode-worker';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import type { BenchFigure } from './trace';

const SERIES = 500;
const POINTS = 1440;
/** Timed runs after one warm-up run, which is reported on its own ("first"). */
const RUNS = 9;
const TARGET_MS = 150;
const TARGET_MEMORY_RATIO = 2;

/**
 * A Prometheus range answer of 500 series × 1,440 points, from its bytes to the columns
 * panels draw from, beside a plain JSON.parse of the same bytes. Two answers: the issue's
 * synthetic one (short decimals) and one of rates as Prometheus prints them (16–17-digit
 * decimals, NaN and ±Inf), which is what real dashboards receive.
 *
 * Memory is measured two ways, both printed: the bytes the decoded columns hold (typed
 * arrays' byteLength plus the label text), and the heap the result keeps alive, from
 * process.memoryUsage (heap + array buffers) after a full GC before and after decoding.
 */
export async function benchPrometheusDecode(): Promise<BenchFigure[]> {
  const gc = exposeGc();
  // Wall-clock figures on a shared machine: the load says how much else was running.
  const figures: BenchFigure[] = [{ label: 'load average (1 min) when the section started', value: round(loadavg()[0] ?? 0, 1), unit: `on ${availableParallelism()} cores` }];
  for (const values of ['simple', 'rates'] as const) {
    const body = Buffer.from(JSON.stringify(syntheticMatrix(SERIES, POINTS, { values })));
    const tag = values;
    figures.push({ label: `${tag}: JSON size`, value: mb(body.length), unit: 'MB' });

    const parse = timed(() => JSON.parse(body.toString('utf8')));
    figures.push(...times(`${tag}: plain JSON.parse of the bytes`, parse));
    const general = timed(() => decodeMatrixJson(JSON.parse(body.toString('utf8'))), 3);
    figures.push({ label: `${tag}: JSON.parse + zod, the general path, median of 3`, value: round(median(general.runs)), unit: 'ms' });

    const columns = timed(() => check(decodeMatrixBytes(body)));
    figures.push(...times(`${tag}: bytes → columns, parse included`, columns, TARGET_MS));
    const model = timed(() => toSeriesModel(check(decodeMatrixBytes(body))));
    figures.push(...times(`${tag}: bytes → shared model sent to panels`, model));

    const held = columnBytes(decodeMatrixBytes(body));
    figures.push({ label: `${tag}: columns hold (typed arrays + label text)`, value: mb(held), unit: `MB = ${round(held / body.length, 2)}× JSON (target < ${TARGET_MEMORY_RATIO}×) ${verdict(held / body.length < TARGET_MEMORY_RATIO)}` });
    if (gc) {
      const columnsHeap = await retained(gc, () => decodeMatrixBytes(body));
      const modelHeap = await retained(gc, () => toSeriesModel(decodeMatrixBytes(body)));
      const treeHeap = await retained(gc, () => JSON.parse(body.toString('utf8')));
      figures.push({ label: `${tag}: memory kept by the columns (after GC)`, value: mb(columnsHeap), unit: `MB = ${round(columnsHeap / body.length, 2)}× JSON (target < ${TARGET_MEMORY_RATIO}×) ${verdict(columnsHeap / body.length < TARGET_MEMORY_RATIO)}` });
      figures.push({ label: `${tag}: memory kept by the shared model (after GC)`, value: mb(modelHeap), unit: `MB = ${round(modelHeap / body.length, 2)}× JSON` });
      figures.push({ label: `${tag}: memory kept by JSON.parse's tree (after GC)`, value: mb(treeHeap), unit: `MB = ${round(treeHeap / body.length, 2)}× JSON` });
    } else {
      figures.push({ label: `${tag}: memory kept after GC`, value: 0, unit: 'not measured: this Node refused --expose-gc' });
    }
  }
  figures.push(...(await offThread()));
  return figures;
}

/**
 * The same rates answer decoded in place and on the worker: total time, and the longest
 * the event loop went without a turn (a 1 ms timer's largest gap) — what every other
 * console's alerts and replies wait through.
 */
async function offThread(): Promise<BenchFigure[]> {
  const json = JSON.stringify(syntheticMatrix(SERIES, POINTS, { values: 'rates' }));
  const decoder = new MatrixDecoder({ offThreadMinBytes: 0 });
  const inPlace = { total: [] as number[], stall: [] as number[] };
  const worker = { total: [] as number[], stall: [] as number[] };
  try {
    await decoder.decode(Buffer.from(json));
    for (let run = 0; run < 5; run += 1) {
      for (const [where, sample] of [['in place', inPlace], ['worker', worker]] as const) {
        // A fresh buffer each time: the worker takes the one it is given. A pause first, so
        // the probe measures this decode, not the collection of the last one's garbage.
        const body = Buffer.from(json);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const probe = stallProbe();
        const t0 = performance.now();
        await new Promise((resolve) => setImmediate(resolve));
        if (where === 'in place') check(decodeMatrixBytes(body));
        else check(await decoder.decode(body));
        sample.total.push(performance.now() - t0);
        sample.stall.push(await probe());
      }
    }
  } finally {
    await decoder.close();
  }
  return [
    { label: 'rates: decoded in place, total, median of 5', value: round(median(inPlace.total)), unit: 'ms' },
    { label: 'rates: decoded in place, longest event-loop stall, median of 5', value: round(median(inPlace.stall)), unit: 'ms' },
    { label: 'rates: decoded on the worker, total, median of 5', value: round(median(worker.total)), unit: 'ms' },
    { label: 'rates: decoded on the worker, longest event-loop stall, median of 5', value: round(median(worker.stall)), unit: 'ms' },
  ];
}

interface Timed {
  first: number;
  runs: number[];
}

function timed(work: () => unknown, runs = RUNS): Timed {
  let t0 = performance.now();
  work();
  const first = performance.now() - t0;
  const out: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    t0 = performance.now();
    work();
    out.push(performance.now() - t0);
  }
  return { first, runs: out };
}

function times(label: string, { first, runs }: Timed, target?: number): BenchFigure[] {
  const med = median(runs);
  const worst = Math.max(...runs);
  const goal = (value: number) => (target === undefined ? 'ms' : `ms (target < ${target} ms) ${verdict(value < target)}`);
  return [
    { label: `${label}, median of ${runs.length}`, value: round(med), unit: goal(med) },
    { label: `${label}, worst of ${runs.length}`, value: round(worst), unit: goal(worst) },
    { label: `${label}, first run (cold)`, value: round(first), unit: 'ms' },
  ];
}

/** Throws if the decode lost series: a benchmark of a wrong answer is worthless. */
function check<T extends { series: unknown[] }>(decoded: T): T {
  if (decoded.series.length !== SERIES) throw new Error(`the decoder returned ${decoded.series.length} series, not ${SERIES}`);
  return decoded;
}

/** What the decoded columns hold: 8 bytes a number, and the label text (V8 keeps ASCII one byte a character). */
function columnBytes(matrix: ColumnarMatrix): number {
  let bytes = 0;
  for (const s of matrix.series) {
    bytes += s.times.byteLength + s.values.byteLength + s.name.length;
    for (const [key, value] of Object.entries(s.labels)) bytes += key.length + value.length;
  }
  return bytes;
}

/** Heap and array buffers `make`'s result keeps alive, measured between full collections. */
async function retained(gc: () => void, make: () => unknown): Promise<number> {
  await settle(gc);
  const before = used();
  const kept = make();
  await settle(gc);
  const after = used();
  // Read after the second collection, so the result is alive while it is measured.
  if (kept === undefined) throw new Error('nothing decoded');
  return after - before;
}

/** Collections a few milliseconds apart: array buffers are freed by a sweeper after the collection itself. */
async function settle(gc: () => void): Promise<void> {
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function used(): number {
  const memory = process.memoryUsage();
  return memory.heapUsed + memory.arrayBuffers;
}

/** V8's gc(), switched on at run time (bench runs under tsx, without --expose-gc); undefined if refused. */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves with the longest gap between turns of a 1 ms timer since it started. */
function stallProbe(): () => Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearInterval(timer);
    return longest;
  };
}

function verdict(met: boolean): string {
  return met ? '✓' : '✗ over target';
}

function mb(bytes: number): number {
  return round(bytes / 1e6, 1);
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
