/**
 * The one reader of durations people type into the trace screens — the search form's
 * min/max (renderer/src/trace/search/search-form.ts) and the waterfall's filter
 * (shared/trace/span-filter.ts): "250ms", "1.5s", "800us" or "800µs", "2m", "1h", any case,
 * spaces allowed around and between; a bare number is milliseconds, as in Jaeger UI's search.
 * The result is whole microseconds, the unit of span durations and of Jaeger's search API.
 */
export type DurationText =
  | { ok: true; us: number }
  | { ok: false; problem: 'empty' | 'negative' | 'garbage' | 'too-long'; message: string };

const UNIT_US: Readonly<Record<string, number>> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };

const EXAMPLES = 'write 250ms, 1.5s or 800us';

/** A thousand years in microseconds: anything longer is a typo, and past 2^53 µs the sum would lose whole microseconds. */
const LONGEST_US = 1_000 * 365.25 * 86_400 * 1_000_000;

export function parseDurationText(text: string): DurationText {
  const t = text.trim();
  if (t === '') return { ok: false, problem: 'empty', message: `No duration was given: ${EXAMPLES}` };
  const m = /^([-+]?)\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m|h)?$/i.exec(t);
  if (!m) return { ok: false, problem: 'garbage', message: `"${t}" is not a duration: ${EXAMPLES}` };
  if (m[1] === '-' && Number(m[2]) !== 0) return { ok: false, problem: 'negative', message: `"${t}" is negative: a duration is zero or more, e.g. 250ms` };
  const us = Number(m[2]) * UNIT_US[(m[3] ?? 'ms').toLowerCase()]!;
  if (!(us <= LONGEST_US)) return { ok: false, problem: 'too-long', message: `"${t}" is longer than a thousand years: ${EXAMPLES}` };
  return { ok: true, us: Math.round(us) };
}
