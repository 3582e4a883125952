import { seededRandom as mulberry32 } from '../shared/random';

export interface SyntheticMatrixOptions {
  /**
   * 'simple' (the default): `series + point / 1000`, short decimals such as "49.439".
   * 'rates': per-second rates as Prometheus prints them (Go's shortest form, mostly 16–17
   * significant digits, e.g. "0.016666666666666666"), and in every 50th series one NaN,
   * one +Inf and one −Inf: the harder and more common case for a decoder.
   */
  values?: 'simple' | 'rates';
}

/**
 * A Prometheus query_range answer of `seriesCount` × `points` samples at a 60 s step,
 * shaped like the real ones in datasources/testdata: for decode tests and benchmarks.
 * Deterministic: the same arguments give the same answer.
 */
export function syntheticMatrix(seriesCount: number, points: number, options: SyntheticMatrixOptions = {}): unknown {
  const random = mulberry32(seriesCount * 7919 + points);
  const result = [];
  for (let s = 0; s < seriesCount; s++) {
    const values: [number, string][] = [];
    for (let p = 0; p < points; p++) {
      const time = 1_700_000_000 + p * 60;
      if (options.values !== 'rates') {
        values.push([time, String(s + p / 1000)]);
        continue;
      }
      const special = s % 50 === 0 ? ['NaN', '+Inf', '-Inf'][p - 10] : undefined;
      // A rate is a count over a window: small integers divided by 60 (or 300) give the long mantissas.
      values.push([time, special ?? String(Math.floor(random() * 5000) / (p % 2 ? 60 : 300))]);
    }
    result.push({ metric: { __name__: 'lock_online', city: `city-${s}`, model: 'v2', firmware: '4.2.1' }, values });
  }
  return { status: 'success', data: { resultType: 'matrix', result } };
}

