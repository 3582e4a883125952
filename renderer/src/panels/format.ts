import type { TimeseriesOptions } from '../../../shared/model/dashboard';

export type Unit = TimeseriesOptions['unit'];

/** A value for a person: ratios as percentages, durations in ms or s, counts compact; ±Inf as Prometheus names it, a gap as a dash. */
export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '\u2212Inf';
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (unit === 'percent') {
    const pct = value * 100;
    return `${Math.abs(pct) >= 10 || pct === 0 ? pct.toFixed(0) : pct.toFixed(1)}%`;
  }
  if (unit === 'seconds') {
    if (Math.abs(value) < 1) return `${Math.round(value * 1000)} ms`;
    return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} s`;
  }
  if (unit === 'reqps') return `${formatCount(value)} req/s`;
  return formatCount(value);
}

export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100 || Number.isInteger(value)) return value.toFixed(0);
  return value.toFixed(2);
}

/** How long ago, roughly: "8 s", "3 min", "2 h 5 min", "4 d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}


/** Microseconds for the trace view: "850 µs", "12.3 ms", "1.20 s". */
export function formatMicros(us: number): string {
  const abs = Math.abs(us);
  if (abs < 1000) return `${Math.round(us)} µs`;
  if (abs < 1_000_000) return `${(us / 1000).toFixed(abs < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}
