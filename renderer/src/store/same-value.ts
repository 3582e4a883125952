/**
 * Deep equality of plain JSON-like values (what the host sends: objects, arrays, strings,
 * numbers, booleans, null, undefined). Object keys are compared as sets, so the order a
 * serializer wrote them in does not matter.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  for (const k of ak) if (!Object.hasOwn(bo, k) || !sameValue(ao[k], bo[k])) return false;
  return true;
}

/**
 * `next`, or `prev` itself when `next` holds the same values. The host re-sends deployments
 * and incidents every poll, unchanged most of the time; keeping the old array keeps every
 * selector of it (each chart's release and incident marks, panels/TimeseriesPanel.tsx) from
 * re-rendering and redrawing twenty panels in one task for nothing.
 */
export function keepIfSame<T>(prev: T, next: T): T {
  return sameValue(prev, next) ? prev : next;
}
