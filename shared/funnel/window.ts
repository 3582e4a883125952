/** How long a range is, as a person says it: "30 min", "6 h", "2 d", "1 h 30 min". */
export function rangeWords(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes < 1440 && minutes % 60 !== 0) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.round(minutes / 60)} h`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function clock(ms: number, zone: 'local' | 'utc', withDate: boolean): string {
  const d = new Date(ms);
  const [y, mo, da, h, mi] = zone === 'utc' ? [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()] : [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
  return `${withDate ? `${y}-${pad(mo + 1)}-${pad(da)} ` : ''}${pad(h)}:${pad(mi)}`;
}

/**
 * The window a funnel's counts cover, stated: "last 30 min, 14:02–14:32 local". The times
 * are those of the data (its first and last sample), so the words match what was counted;
 * a window over 12 hours shows dates.
 */
export function windowText(rangeSeconds: number, startMs: number, endMs: number, zone: 'local' | 'utc'): string {
  const withDate = endMs - startMs > 12 * 3_600_000;
  return `last ${rangeWords(rangeSeconds)}, ${clock(startMs, zone, withDate)}–${clock(endMs, zone, withDate)} ${zone === 'utc' ? 'UTC' : 'local'}`;
}

/** The first and last sample time over some series, or undefined when there are none. */
export function dataSpan(series: readonly { times: readonly number[] }[]): { start: number; end: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const s of series) {
    if (s.times.length === 0) continue;
    start = Math.min(start, s.times[0] ?? Infinity);
    end = Math.max(end, s.times[s.times.length - 1] ?? -Infinity);
  }
  return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : undefined;
}
