/** PromQL's duration units (as Prometheus' model.ParseDuration reads them), in milliseconds. */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;
const OFFSET = /\s+offset\s+(\S+)\s*$/i;

/** A PromQL duration such as `1w`, `90m` or `1h30m` in milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return ms;
}

export type SplitOffset = { selector: string; offsetMs: number } | { error: string };

/**
 * Splits `selector offset 1w` into the selector and the offset. An expression without an
 * offset has offsetMs 0; a malformed or negative offset is an error naming what is wrong,
 * since the demo answers only what a real Prometheus would answer the same way.
 */
export function splitOffset(expr: string): SplitOffset {
  const m = OFFSET.exec(expr);
  if (!m) return { selector: expr, offsetMs: 0 };
  const ms = parseDuration(m[1] ?? '');
  if (ms === undefined) return { error: `"${m[1]}" is not a duration the embedded demo reads for offset (use e.g. 1w, 1d, 30m)` };
  return { selector: expr.slice(0, m.index), offsetMs: ms };
}
