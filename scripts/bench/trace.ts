import { generateTrace, layoutTrace, normalizeZipkin } from '../../shared/trace';

export interface BenchFigure {
  label: string;
  value: number;
  unit: string;
}

const RUNS = 5;

/**
 * Trace view cost on the hot path the UI takes: the body as it arrives (a string), parsed,
 * normalised and laid out. Generation and stringification are not timed.
 */
export async function benchTrace(): Promise<BenchFigure[]> {
  const wide = JSON.stringify(generateTrace({ spans: 100_000, seed: 7 }));
  const deep = JSON.stringify(generateTrace({ spans: 5_000, depth: 5_000, seed: 11 }));
  const figures: BenchFigure[] = [{ label: 'trace 100k spans: JSON size', value: round(wide.length / 1e6, 1), unit: 'MB' }];

  const parse: number[] = [];
  const normalize: number[] = [];
  const layout: number[] = [];
  const total: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    const json: unknown = JSON.parse(wide);
    const t1 = performance.now();
    const trace = normalizeZipkin(json);
    const t2 = performance.now();
    const result = layoutTrace(trace);
    const t3 = performance.now();
    if (result.rows.length !== 100_000) throw new Error(`bench trace laid out ${result.rows.length} rows, expected 100000`);
    parse.push(t1 - t0);
    normalize.push(t2 - t1);
    layout.push(t3 - t2);
    total.push(t3 - t0);
    await pause();
  }
  figures.push(
    { label: 'trace 100k spans: JSON.parse + normalize + layout (median)', value: round(median(total)), unit: 'ms' },
    { label: 'trace 100k spans: JSON.parse (median)', value: round(median(parse)), unit: 'ms' },
    { label: 'trace 100k spans: normalizeZipkin (median)', value: round(median(normalize)), unit: 'ms' },
    { label: 'trace 100k spans: layoutTrace (median)', value: round(median(layout)), unit: 'ms' },
  );

  const deepTimes: number[] = [];
  let depth = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    const result = layoutTrace(normalizeZipkin(JSON.parse(deep)));
    deepTimes.push(performance.now() - t0);
    depth = result.maxDepth;
  }
  figures.push(
    { label: `trace 5k-deep chain (depth ${depth}): parse + normalize + layout (median)`, value: round(median(deepTimes)), unit: 'ms' },
  );
  return figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Lets the collector catch up between runs so one run's garbage is not billed to the next. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 50));
}
