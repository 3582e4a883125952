import type { BarsOptions } from '../../../shared/dashboards/kinds/bars';
import type { Series } from '../../../shared/model/series';
import { formatCount, formatValue, type Unit } from './format';
import { latestSample } from './latest-sample';

export { BarsOptionsSchema, type BarsOptions } from '../../../shared/dashboards/kinds/bars';

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** count / total, 0–1. */
  share: number;
  /** A histogram bucket at or under `badUpTo`. */
  bad: boolean;
  /** The "other" bar, the sum of the ones past `maxBars`. */
  other?: boolean;
}

export interface Bars {
  bars: Bar[];
  total: number;
}

/** `le` as a number: "+Inf" is Infinity; undefined for a value that is no bound. */
export function parseLe(le: string | undefined): number | undefined {
  if (le === undefined) return undefined;
  if (le === '+Inf' || le === 'Inf' || le === '+inf') return Infinity;
  const n = Number(le);
  return le.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

/** A bucket bound as a person reads it ("20 %", "1.5 s"); percent100 bounds are already percent. */
function bound(value: number, unit: Unit): string {
  if (unit === 'percent100') return `${formatCount(value)} %`;
  if (unit === 'none') return formatCount(value);
  return formatValue(value, unit);
}

/** "10–20 %", "under 10 %" for the first bucket from zero, "over 100 %" for +Inf. */
export function bucketLabel(lower: number | undefined, upper: number, unit: Unit): string {
  if (upper === Infinity) return lower === undefined ? 'all' : `over ${bound(lower, unit)}`;
  if (lower === undefined) return `up to ${bound(upper, unit)}`;
  const [lo, hi] = [bound(lower, unit), bound(upper, unit)];
  // "10 %–20 %" reads worse than "10–20 %": the unit once, after the range.
  const suffix = hi.replace(/^[\d.,kMG−-]+/, '');
  return suffix && lo.endsWith(suffix) ? `${lo.slice(0, lo.length - suffix.length)}–${hi}` : `${lo}–${hi}`;
}

/**
 * Cumulative `le` buckets (summed over every other label: several cities are one
 * distribution) as one bar per bucket. A bucket's count is its cumulative count less the one
 * below; a negative difference (buckets read a scrape apart) counts as 0. The first bucket
 * starts at 0 when its bound is above 0 (battery levels, durations); a trailing empty +Inf
 * bucket is dropped (no battery is over 100 %).
 */
export function histogramBars(series: readonly Series[], options: Pick<BarsOptions, 'unit' | 'badUpTo'>): Bars {
  const cumulative = new Map<number, number>();
  for (const s of series) {
    const le = parseLe(s.labels.le);
    const latest = latestSample(s);
    if (le === undefined || !latest) continue;
    cumulative.set(le, (cumulative.get(le) ?? 0) + latest.value);
  }
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const raw = bounds.map((upper, i) => {
    const lower = i === 0 ? (upper > 0 && upper !== Infinity ? 0 : undefined) : bounds[i - 1];
    const count = Math.max(0, cumulative.get(upper)! - (i === 0 ? 0 : cumulative.get(bounds[i - 1]!)!));
    return { upper, lower, count };
  });
  if (raw.length > 1 && raw.at(-1)!.upper === Infinity && raw.at(-1)!.count === 0) raw.pop();
  const total = raw.reduce((sum, b) => sum + b.count, 0);
  const bars = raw.map((b) => ({
    key: String(b.upper),
    label: bucketLabel(b.lower, b.upper, options.unit),
    count: b.count,
    share: total > 0 ? b.count / total : 0,
    bad: options.badUpTo !== undefined && b.upper <= options.badUpTo,
  }));
  return { bars, total };
}

/**
 * Shares by the values of `label` (firmware versions), summed over every other label, the
 * largest first; past the largest `maxBars` the rest is one "other" bar so a long tail stays readable.
 * Series without the label count under "(none)".
 */
export function mixBars(series: readonly Series[], options: Pick<BarsOptions, 'label' | 'maxBars'>): Bars {
  const sums = new Map<string, number>();
  for (const s of series) {
    const latest = latestSample(s);
    if (!latest || latest.value <= 0) continue;
    const key = s.labels[options.label] ?? '(none)';
    sums.set(key, (sums.get(key) ?? 0) + latest.value);
  }
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  const sorted = [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, options.maxBars);
  const rest = sorted.slice(shown.length);
  const bars: Bar[] = shown.map(([key, count]) => ({ key, label: key, count, share: total > 0 ? count / total : 0, bad: false }));
  if (rest.length > 0) {
    const count = rest.reduce((sum, [, c]) => sum + c, 0);
    bars.push({ key: '\u0000other', label: `other (${rest.length})`, count, share: total > 0 ? count / total : 0, bad: false, other: true });
  }
  return { bars, total };
}
