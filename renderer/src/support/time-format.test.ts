import { describe, expect, it } from 'vitest';
import { formatAxisTick, formatClockIn, formatInstant, zoneShortName } from './time-format';

const at = (iso: string) => Date.parse(iso);

describe('one time format', () => {
  it('writes a time of today as hh:mm:ss and the zone, in UTC and in a local zone', () => {
    const t = at('2026-01-15T13:02:05Z');
    expect(formatInstant(t, { zone: 'utc', now: at('2026-01-15T18:00:00Z') })).toBe('13:02:05 UTC');
    expect(formatInstant(t, { zone: 'local', now: at('2026-01-15T18:00:00Z'), localZone: 'Europe/Berlin' })).toBe('14:02:05 CET');
    expect(formatInstant(t, { zone: 'local', now: at('2026-01-15T18:00:00Z'), localZone: 'America/New_York' })).toBe('08:02:05 EST');
  });

  it('adds the date when the instant is not on today in the chosen zone, judged in that zone', () => {
    // 23:30 UTC on the 15th is 00:30 on the 16th in Berlin: "today" differs by zone.
    const late = at('2026-01-15T23:30:00Z');
    const now = at('2026-01-16T08:00:00Z');
    expect(formatInstant(late, { zone: 'utc', now })).toBe('2026-01-15 23:30:00 UTC');
    expect(formatInstant(late, { zone: 'local', now, localZone: 'Europe/Berlin' })).toBe('00:30:00 CET');
    // Midnight exactly belongs to the new day.
    expect(formatInstant(at('2026-01-16T00:00:00Z'), { zone: 'utc', now })).toBe('00:00:00 UTC');
    expect(formatInstant(at('2026-01-15T23:59:59Z'), { zone: 'utc', now })).toBe('2026-01-15 23:59:59 UTC');
  });

  it('reads the wall clock right across a DST change: the zone name and the hour both change', () => {
    // Europe/Berlin springs forward at 01:00 UTC on 2026-03-29 (02:00 CET becomes 03:00 CEST).
    const now = at('2026-03-29T12:00:00Z');
    expect(formatInstant(at('2026-03-29T00:59:59Z'), { zone: 'local', now, localZone: 'Europe/Berlin' })).toBe('01:59:59 CET');
    expect(formatInstant(at('2026-03-29T01:00:00Z'), { zone: 'local', now, localZone: 'Europe/Berlin' })).toBe('03:00:00 CEST');
    // Falling back on 2026-10-25 repeats 02:xx: the zone name tells the two apart.
    const autumn = at('2026-10-25T12:00:00Z');
    expect(formatInstant(at('2026-10-25T00:30:00Z'), { zone: 'local', now: autumn, localZone: 'Europe/Berlin' })).toBe('02:30:00 CEST');
    expect(formatInstant(at('2026-10-25T01:30:00Z'), { zone: 'local', now: autumn, localZone: 'Europe/Berlin' })).toBe('02:30:00 CET');
    // UTC has no DST: the same instants read an hour apart, as they are.
    expect(formatClockIn(at('2026-10-25T00:30:00Z'), 'utc')).toBe('00:30:00');
    expect(formatClockIn(at('2026-10-25T01:30:00Z'), 'utc')).toBe('01:30:00');
  });

  it('names a zone without a common abbreviation by its offset, and British summer time as BST', () => {
    expect(zoneShortName(at('2026-07-01T00:00:00Z'), 'local', 'Asia/Kolkata')).toBe('UTC+5:30');
    expect(zoneShortName(at('2026-07-01T00:00:00Z'), 'local', 'Europe/London')).toBe('BST');
    expect(zoneShortName(at('2026-01-01T00:00:00Z'), 'local', 'Europe/London')).toBe('GMT');
    expect(zoneShortName(at('2026-07-01T00:00:00Z'), 'utc', 'Asia/Kolkata')).toBe('UTC');
  });

  it('writes axis ticks with seconds over minutes, without them over hours, with the day over days', () => {
    const t = at('2026-01-15T13:02:05Z');
    expect(formatAxisTick(t, 5 * 60_000, 'utc')).toBe('13:02:05');
    expect(formatAxisTick(t, 6 * 3_600_000, 'utc')).toBe('13:02');
    expect(formatAxisTick(t, 7 * 86_400_000, 'utc')).toBe('01-15 13:02');
    expect(formatAxisTick(t, 6 * 3_600_000, 'local', 'Asia/Kolkata')).toBe('18:32');
  });

  it('writes a dash for an instant that is not a number', () => {
    expect(formatInstant(Number.NaN, { zone: 'utc', now: 0 })).toBe('–');
  });
});
