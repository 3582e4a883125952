/**
 * A Prometheus query_range answer of `seriesCount` × `points` samples at a 60 s step,
 * shaped like the real ones in datasources/testdata: for decode tests and benchmarks.
 */
export function syntheticMatrix(seriesCount: number, points: number): unknown {
  const result = [];
  for (let s = 0; s < seriesCount; s++) {
    const values: [number, string][] = [];
    for (let p = 0; p < points; p++) values.push([1_700_000_000 + p * 60, String(s + p / 1000)]);
    result.push({ metric: { __name__: 'lock_online', city: `city-${s}`, model: 'v2', firmware: '4.2.1' }, values });
  }
  return { status: 'success', data: { resultType: 'matrix', result } };
}
