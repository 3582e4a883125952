import { decodePrometheusMatrix } from '../../services/datasources/prometheus-decode';
import { syntheticMatrix } from '../../testing/synthetic-matrix';
import type { BenchFigure } from './trace';

const RUNS = 5;

/** A Prometheus range answer of 500 series × 1,440 points, from its bytes to columnar frames. */
export async function benchPrometheusDecode(): Promise<BenchFigure[]> {
  const body = JSON.stringify(syntheticMatrix(500, 1440));
  const parse: number[] = [];
  const decode: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const json: unknown = JSON.parse(body);
    const t1 = performance.now();
    const { series } = decodePrometheusMatrix(json);
    const t2 = performance.now();
    if (series.length !== 500) throw new Error('decode lost series');
    parse.push(t1 - t0);
    decode.push(t2 - t1);
  }
  return [
    { label: 'prometheus 500×1440: JSON size', value: Math.round(body.length / 1e5) / 10, unit: 'MB' },
    { label: 'prometheus 500×1440: JSON.parse (median)', value: median(parse), unit: 'ms' },
    { label: 'prometheus 500×1440: validate + decode to frames (median)', value: median(decode), unit: 'ms' },
    { label: 'prometheus 500×1440: total (median)', value: median(parse.map((p, i) => p + decode[i]!)), unit: 'ms' },
  ];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}
