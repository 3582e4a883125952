/**
 * Performance marks along the way an incident file opens (fetch, parse, hashes, signature,
 * schema, store, first chart), named `lockstep:open:<stage>` so scripts/bench/export.ts can
 * print where the time goes. shared/ compiles without DOM types, hence the narrow typing;
 * a runtime without `performance.mark` simply records nothing.
 */
export const OPEN_MARK_PREFIX = 'lockstep:open:';

interface PerformanceLike {
  mark?(name: string): unknown;
}

export function markOpen(stage: string): void {
  const perf = (globalThis as { performance?: PerformanceLike }).performance;
  try {
    perf?.mark?.(`${OPEN_MARK_PREFIX}${stage}`);
  } catch {
    // A mark is only a measurement: it must never stop a file from opening.
  }
}
