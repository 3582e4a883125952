export interface Freshness {
  stale: boolean;
  ageMs: number;
}

/**
 * Data older than three refresh periods is stale: the wall must never show it as live.
 * Measured from when the source answered, not from when this screen received it.
 */
export function freshness(fetchedAt: number, now: number, refreshSeconds: number): Freshness {
  const ageMs = Math.max(0, now - fetchedAt);
  return { stale: ageMs > 3 * refreshSeconds * 1000, ageMs };
}
