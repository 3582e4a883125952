import type { Unit } from './format';

/**
 * One unit per axis, chosen from the range the axis shows: every tick of a latency axis
 * in ms, or every tick in s — never "0 ms" under "4.00 s". `scale` turns a raw value
 * (seconds, ratios, counts) into the number shown before `suffix`.
 */
export interface AxisUnit {
  scale: number;
  suffix: string;
}

export function axisUnit(unit: Unit, maxAbs: number): AxisUnit {
  const m = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  switch (unit) {
    case 'percent':
      return { scale: 100, suffix: '%' };
    case 'seconds':
      return m < 1 ? { scale: 1000, suffix: ' ms' } : { scale: 1, suffix: ' s' };
    case 'reqps':
      return m >= 1e4 ? { scale: 1e-3, suffix: 'k req/s' } : { scale: 1, suffix: ' req/s' };
    default:
      if (m >= 1e9) return { scale: 1e-9, suffix: 'G' };
      if (m >= 1e6) return { scale: 1e-6, suffix: 'M' };
      if (m >= 1e4) return { scale: 1e-3, suffix: 'k' };
      return { scale: 1, suffix: '' };
  }
}

/** The "nice" number nearest above `x`: 1, 2, 2.5 or 5 times a power of ten (Heckbert's nice numbers). */
export function niceStep(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const exponent = Math.floor(Math.log10(x));
  const power = 10 ** exponent;
  const fraction = x / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export interface Ticks {
  /** The axis range: the data's range widened to whole steps. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** Removes float noise (0.1 + 0.2) from a tick computed as a multiple of a step. */
const clean = (x: number) => Number.parseFloat(x.toPrecision(12));

/**
 * Ticks at round values in the unit the axis shows, at most `maxCount` of them, the range
 * widened to the ticks around the data: 0 / 10 / 20 / 30 / 40 %, not 8.5 / 17 / 26 / 34 %.
 * Steps are nice in the shown unit (ms or s, %), since the units differ by powers of ten.
 */
export function niceTicks(dataMin: number, dataMax: number, maxCount: number, unit: AxisUnit): Ticks {
  let lo = Number.isFinite(dataMin) ? dataMin : 0;
  let hi = Number.isFinite(dataMax) ? dataMax : 1;
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    // A flat line: a range around it, so it is drawn mid-height, not on an edge.
    const pad = lo === 0 ? 1 / unit.scale : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const count = Math.max(2, Math.floor(maxCount));
  const shownStep = niceStep((hi - lo) * unit.scale / (count - 1));
  const step = shownStep / unit.scale;
  const min = clean(Math.floor(clean(lo / step)) * step);
  const max = clean(Math.ceil(clean(hi / step)) * step);
  const values: number[] = [];
  for (let k = 0, v = min; v <= max + step / 2 && k < 1000; k += 1, v = clean(min + k * step)) values.push(v);
  return { min, max, step, values };
}

/** How many decimals a tick needs so neighbouring ticks never read the same. */
export function tickDecimals(step: number, unit: AxisUnit): number {
  const shown = step * unit.scale;
  if (!(shown > 0)) return 0;
  let decimals = Math.max(0, -Math.floor(Math.log10(shown) + 1e-9));
  // 2.5, 0.25…: one more digit than the power of ten says.
  if (Math.abs(clean(shown * 10 ** decimals) - Math.round(shown * 10 ** decimals)) > 1e-9) decimals += 1;
  return Math.min(decimals, 6);
}

/** A tick label: the value in the axis's one unit, with the decimals its step needs. */
export function formatTick(value: number, step: number, unit: AxisUnit): string {
  const shown = value * unit.scale;
  const text = shown.toFixed(tickDecimals(step, unit));
  // "-0" after rounding a tiny negative is still zero.
  return `${/^-0(\.0+)?$/.test(text) ? text.slice(1) : text}${unit.suffix}`;
}

export interface AxisTicks extends Ticks {
  unit: AxisUnit;
  labels: string[];
}

/**
 * The y axis of a chart: its one unit and its labelled ticks. The unit is chosen from the
 * range the ticks end up spanning, so data just under a second that rounds up to a 1 s
 * top tick reads "0 s … 1 s", not "0 ms … 1000 ms".
 */
export function axisTicks(dataMin: number, dataMax: number, maxCount: number, kind: Unit): AxisTicks {
  const first = axisUnit(kind, Math.max(Math.abs(dataMin), Math.abs(dataMax)));
  let ticks = niceTicks(dataMin, dataMax, maxCount, first);
  const unit = axisUnit(kind, Math.max(Math.abs(ticks.min), Math.abs(ticks.max)));
  if (unit.scale !== first.scale) ticks = niceTicks(dataMin, dataMax, maxCount, unit);
  return { ...ticks, unit, labels: ticks.values.map((v) => formatTick(v, ticks.step, unit)) };
}
