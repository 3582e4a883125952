import type { TimeZoneChoice } from '../../../shared/dashboards/time-range';

/**
 * The one way the console writes an instant: "14:02:05 CET" today, "2026-11-30 23:59:59 UTC"
 * another day, in the zone the person chose (local or UTC). Every view (charts, alerts,
 * incidents, logs, traces, the wall) goes through here, so a time read off a chart can be
 * found on the incident timeline without converting anything.
 *
 * The calendar fields come from Intl in the zone itself, never from `getHours()` plus an
 * offset, so a day that skips or repeats an hour (DST) still reads the wall clock right.
 */
export interface TimeFormat {
  zone: TimeZoneChoice;
  /** "Today" is now's calendar day in that zone; a time on another day carries its date. */
  now: number;
  /** The IANA zone "local" means; the runtime's own when omitted (tests fix it). */
  localZone?: string;
}

interface Fields {
  y: string;
  mo: string;
  d: string;
  h: string;
  mi: string;
  s: string;
}

const fieldFormats = new Map<string, Intl.DateTimeFormat>();
const nameFormats = new Map<string, Intl.DateTimeFormat>();

const zoneKey = (zone: TimeZoneChoice, localZone: string | undefined): string | undefined => (zone === 'utc' ? 'UTC' : localZone);

function fieldFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = fieldFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    fieldFormats.set(key, format);
  }
  return format;
}

function fields(ms: number, timeZone: string | undefined): Fields {
  const out: Record<string, string> = {};
  for (const part of fieldFormat(timeZone).formatToParts(ms)) out[part.type] = part.value;
  return { y: out.year ?? '', mo: out.month ?? '', d: out.day ?? '', h: out.hour ?? '', mi: out.minute ?? '', s: out.second ?? '' };
}

function nameIn(locale: string, ms: number, timeZone: string | undefined): string {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = nameFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
    nameFormats.set(key, format);
  }
  return format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

/**
 * The zone's short name at that instant: "UTC", "CET"/"CEST", "EST"/"EDT", "BST"; a zone
 * with no common abbreviation reads as its offset, "UTC+5:30". US English knows the
 * American names, British English the European ones, so both are asked.
 */
export function zoneShortName(ms: number, zone: TimeZoneChoice, localZone?: string): string {
  if (zone === 'utc') return 'UTC';
  for (const locale of ['en-US', 'en-GB']) {
    const name = nameIn(locale, ms, localZone);
    if (/^[A-Z]{2,5}$/.test(name)) return name;
  }
  const offset = nameIn('en-US', ms, localZone).replace(/^GMT/, 'UTC');
  return offset === 'UTC' || offset === '' ? 'UTC' : offset;
}

/** "14:02:05" in the zone, nothing else: for a chart's crosshair or a column headed by its zone. */
export function formatClockIn(ms: number, zone: TimeZoneChoice, localZone?: string): string {
  const f = fields(ms, zoneKey(zone, localZone));
  return `${f.h}:${f.mi}:${f.s}`;
}

/** "2026-11-30" in the zone. */
export function formatDayIn(ms: number, zone: TimeZoneChoice, localZone?: string): string {
  const f = fields(ms, zoneKey(zone, localZone));
  return `${f.y}-${f.mo}-${f.d}`;
}

/** "14:02:05 CET" today, "2026-11-30 14:02:05 CET" on any other day. */
export function formatInstant(ms: number, format: TimeFormat): string {
  if (!Number.isFinite(ms)) return '–';
  const timeZone = zoneKey(format.zone, format.localZone);
  const f = fields(ms, timeZone);
  const today = fields(format.now, timeZone);
  const sameDay = f.y === today.y && f.mo === today.mo && f.d === today.d;
  const clock = `${f.h}:${f.mi}:${f.s}`;
  const zone = zoneShortName(ms, format.zone, format.localZone);
  return sameDay ? `${clock} ${zone}` : `${f.y}-${f.mo}-${f.d} ${clock} ${zone}`;
}

/**
 * A time axis tick: "14:02:05" over a few minutes, "14:02" over hours, "11-30 14:00" over
 * days, with no zone (the axis says it once, not on every tick).
 */
export function formatAxisTick(ms: number, spanMs: number, zone: TimeZoneChoice, localZone?: string): string {
  const f = fields(ms, zoneKey(zone, localZone));
  if (spanMs < 10 * 60_000) return `${f.h}:${f.mi}:${f.s}`;
  if (spanMs <= 36 * 3_600_000) return `${f.h}:${f.mi}`;
  return `${f.mo}-${f.d} ${f.h}:${f.mi}`;
}
