/**
 * histogram_quantile as Prometheus computes it: linear interpolation inside the bucket that
 * holds the rank; the +Inf bucket answers with the highest finite bound.
 * `upperBounds` are finite and ascending; `counts` are per-bucket (not cumulative) with one
 * extra trailing entry for +Inf.
 */
export function histogramQuantile(q: number, upperBounds: readonly number[], counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ?? 0;
  if (!(total > 0)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const rank = q * total;
  let cumulative = 0;
  for (let b = 0; b < counts.length; b++) {
    const inBucket = counts[b] ?? 0;
    if (cumulative + inBucket >= rank && inBucket > 0) {
      if (b >= upperBounds.length) return upperBounds[upperBounds.length - 1] ?? NaN;
      const end = upperBounds[b] ?? 0;
      const start = b === 0 ? (end > 0 ? 0 : end) : (upperBounds[b - 1] ?? 0);
      return start + (end - start) * ((rank - cumulative) / inBucket);
    }
    cumulative += inBucket;
  }
  return upperBounds[upperBounds.length - 1] ?? NaN;
}
