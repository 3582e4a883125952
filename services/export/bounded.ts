/**
 * Runs `work` over `items` with at most `limit` running at once, in order of `items`, and
 * stops starting new ones once `signal` aborts or `stop()` says so. Results keep the
 * items' order; an item never started is `undefined`.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  options: { signal?: AbortSignal; stop?: () => boolean } = {},
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted && !options.stop?.()) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
