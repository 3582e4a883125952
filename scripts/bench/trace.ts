import type { Trace } from '../../shared';
import { generateTrace, layoutTrace, normalizeJaeger, normalizeOtlp, normalizeZipkin, toJaegerTrace, toOtlpTrace } from '../../shared/trace';

export interface BenchFigure {
  label: string;
  value: number;
  unit: string;
}

const RUNS = 5;
const SPANS = 100_000;
/** What normalising 100,000 spans may take, after JSON.parse, in each wire format. */
const NORMALIZE_TARGET_MS = 400;

/**
 * Trace view cost on the hot path the UI takes: the body as it arrives (a string), parsed,
 * normalised and laid out — for the same 100,000-span trace as Zipkin, Jaeger and OTLP JSON
 * (Tempo's v2 envelope). Generation and stringification are not timed; JSON.parse is timed
 * apart from the normaliser.
 */
export async function benchTrace(): Promise<BenchFigure[]> {
  const records = generateTrace({ spans: SPANS, seed: 7 });
  const model = normalizeZipkin(records);
  const formats: { name: string; body: string; normalize(json: unknown): Trace }[] = [
    { name: 'Zipkin', body: JSON.stringify(records), normalize: (json) => normalizeZipkin(json) },
    { name: 'Jaeger', body: JSON.stringify(toJaegerTrace(model)), normalize: (json) => normalizeJaeger(json)[0]! },
    { name: 'OTLP', body: JSON.stringify(toOtlpTrace(model)), normalize: (json) => normalizeOtlp(json)[0]! },
  ];
  const figures: BenchFigure[] = [];
  for (const format of formats) {
    const parse: number[] = [];
    const normalize: number[] = [];
    const normalizeCpu: number[] = [];
    const layout: number[] = [];
    const total: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const t0 = performance.now();
      const json: unknown = JSON.parse(format.body);
      const t1 = performance.now();
      const cpu = process.cpuUsage();
      const trace = format.normalize(json);
      const t2 = performance.now();
      const used = process.cpuUsage(cpu);
      const result = layoutTrace(trace);
      const t3 = performance.now();
      if (result.rows.length !== SPANS) throw new Error(`bench ${format.name} trace laid out ${result.rows.length} rows, expected ${SPANS}`);
      parse.push(t1 - t0);
      normalize.push(t2 - t1);
      normalizeCpu.push((used.user + used.system) / 1000);
      layout.push(t3 - t2);
      total.push(t3 - t0);
      await pause();
    }
    const label = `trace 100k spans, ${format.name} JSON`;
    const normalized = round(median(normalize));
    figures.push(
      { label: `${label}: size`, value: round(format.body.length / 1e6, 1), unit: 'MB' },
      { label: `${label}: JSON.parse (median)`, value: round(median(parse)), unit: 'ms' },
      {
        label: `${label}: normalise (median; target < ${NORMALIZE_TARGET_MS} ms: ${normalized < NORMALIZE_TARGET_MS ? 'met' : 'MISSED'})`,
        value: normalized,
        unit: 'ms',
      },
      // On a shared machine wall time counts the waits for a core; CPU time (this process, the
      // collector's helper threads included) is what normalising itself cost.
      { label: `${label}: normalise, CPU time (median)`, value: round(median(normalizeCpu)), unit: 'ms' },
      { label: `${label}: layoutTrace (median)`, value: round(median(layout)), unit: 'ms' },
      { label: `${label}: parse + normalise + layout (median)`, value: round(median(total)), unit: 'ms' },
    );
  }

  const deep = JSON.stringify(generateTrace({ spans: 5_000, depth: 5_000, seed: 11 }));
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
