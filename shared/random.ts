/**
 * mulberry32: a small seeded generator of uniform numbers in [0, 1), so generated data
 * (synthetic traces, matrices, property tests, benchmarks) is the same on every run and a
 * failing case can be replayed by its seed. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
