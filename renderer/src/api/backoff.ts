/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from `baseMs`, capped at
 * `maxMs`, with jitter so a room of wall screens does not reconnect in lockstep after
 * the host restarts.
 */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 15_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
