/**
 * The dashboard's time range and the zone it is read in. Relative: the last `seconds`, moving
 * with now (live). Absolute: a fixed window, queried once.
 */
export type TimeRange = { kind: 'relative'; seconds: number } | { kind: 'absolute'; start: number; end: number };
export type TimeZoneChoice = 'local' | 'utc';

/** The least auto-refresh interval: faster than once a second only loads the sources. */
export const MIN_REFRESH_SECONDS = 1;

export function clampRefreshSeconds(seconds: number): number {
  return Number.isFinite(seconds) ? Math.max(MIN_REFRESH_SECONDS, seconds) : MIN_REFRESH_SECONDS;
}

export function rangeWindow(range: TimeRange, now: number): { start: number; end: number } {
  return range.kind === 'relative' ? { start: now - range.seconds * 1000, end: now } : { start: range.start, end: range.end };
}

export function rangeSecondsOf(range: TimeRange): number {
  return range.kind === 'relative' ? range.seconds : Math.max(1, Math.round((range.end - range.start) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');

function parts(ms: number, zone: TimeZoneChoice) {
  const d = new Date(ms);
  return zone === 'utc'
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() }
    : { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() };
}

/** "14:05" in the chosen zone. */
export function formatHourMinute(ms: number, zone: TimeZoneChoice): string {
  const p = parts(ms, zone);
  return `${pad(p.h)}:${pad(p.mi)}`;
}

/** "2026-12-01 14:05" in the chosen zone: what an absolute range's inputs show and read. */
export function formatDateTimeIn(ms: number, zone: TimeZoneChoice): string {
  const p = parts(ms, zone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** Reads "2026-12-01 14:05" (or with a T, optional seconds) in the chosen zone; undefined when it is not such a time. */
export function parseDateTimeIn(text: string, zone: TimeZoneChoice): number | undefined {
  const m = text.trim().match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = zone === 'utc' ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  // 2026-02-31 rolls over in Date: refuse it rather than show another day.
  return formatDateTimeIn(ms, zone).startsWith(`${m[1]}-${m[2]}-${m[3]}`) ? ms : undefined;
}

/** The zone as a person reads it: "UTC", or the local IANA name with its offset ("Europe/Madrid, UTC+01:00"). */
export function zoneLabel(zone: TimeZoneChoice, now: number, localName: string | undefined): string {
  if (zone === 'utc') return 'UTC';
  const offset = -new Date(now).getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '−';
  const abs = Math.abs(offset);
  const utc = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return localName ? `${localName}, ${utc}` : utc;
}

/**
 * When a panel's data begins, if it begins noticeably after the range does (the source keeps
 * less history than the range asks for, or the series is new): the earliest sample with a
 * value across its series, or undefined when the data covers the range or there is none.
 * "Noticeably" is more than two steps, so ordinary step alignment says nothing.
 */
export function dataStartsLate(series: readonly { times: readonly number[]; values: readonly (number | null)[] }[], rangeStart: number, stepSeconds: number): number | undefined {
  let first = Infinity;
  for (const s of series) {
    for (let i = 0; i < s.times.length; i++) {
      if (s.values[i] !== null && s.values[i] !== undefined) {
        if (s.times[i]! < first) first = s.times[i]!;
        break;
      }
    }
  }
  if (first === Infinity) return undefined;
  return first - rangeStart > 2 * stepSeconds * 1000 ? first : undefined;
}
