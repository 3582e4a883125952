export interface Freshness {
  stale: boolean;
  ageMs: number;
}

/**
 * Data older than twice its refresh period is stale (one missed refresh is jitter, two is
 * a host or source that went away): the wall must never show it as live. Measured from
 * when the source answered, not from when this screen received it.
 */
export function freshness(fetchedAt: number, now: number, refreshSeconds: number): Freshness {
  const ageMs = Math.max(0, now - fetchedAt);
  return { stale: ageMs > 2 * refreshSeconds * 1000, ageMs };
}
