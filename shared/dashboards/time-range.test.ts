import { describe, expect, it } from 'vitest';
import { clampRefreshSeconds, dataStartsLate, formatDateTimeIn, formatHourMinute, parseDateTimeIn, rangeSecondsOf, rangeWindow, zoneLabel } from './time-range';

const T = Date.UTC(2026, 11, 1, 14, 5, 0);

describe('time range', () => {
  it('reads relative and absolute ranges as a window', () => {
    expect(rangeWindow({ kind: 'relative', seconds: 600 }, T)).toEqual({ start: T - 600_000, end: T });
    expect(rangeWindow({ kind: 'absolute', start: 1, end: 2 }, T)).toEqual({ start: 1, end: 2 });
    expect(rangeSecondsOf({ kind: 'absolute', start: T - 7_200_000, end: T })).toBe(7200);
  });

  it('never refreshes faster than once a second', () => {
    expect(clampRefreshSeconds(0.2)).toBe(1);
    expect(clampRefreshSeconds(Number.NaN)).toBe(1);
    expect(clampRefreshSeconds(30)).toBe(30);
  });

  it('formats and parses times in UTC, refusing dates that do not exist', () => {
    expect(formatHourMinute(T, 'utc')).toBe('14:05');
    expect(formatDateTimeIn(T, 'utc')).toBe('2026-12-01 14:05');
    expect(parseDateTimeIn('2026-12-01 14:05', 'utc')).toBe(T);
    expect(parseDateTimeIn('2026-12-01T14:05:30', 'utc')).toBe(T + 30_000);
    expect(parseDateTimeIn('2026-02-31 10:00', 'utc')).toBeUndefined();
    expect(parseDateTimeIn('yesterday', 'utc')).toBeUndefined();
    // Local round-trips whatever zone the machine is in.
    expect(parseDateTimeIn(formatDateTimeIn(T, 'local'), 'local')).toBe(T);
  });

  it('names the zone', () => {
    expect(zoneLabel('utc', T, 'Europe/Madrid')).toBe('UTC');
    expect(zoneLabel('local', T, 'Europe/Madrid')).toMatch(/^Europe\/Madrid, UTC[+−]\d{2}:\d{2}$/);
  });

  it('says when data starts after the range does, not for step alignment', () => {
    const start = T - 6 * 3600_000;
    const late = [{ times: [T - 1800_000, T - 1790_000], values: [1, 2] }, { times: [T - 1700_000], values: [null] }];
    expect(dataStartsLate(late, start, 15)).toBe(T - 1800_000);
    expect(dataStartsLate([{ times: [start + 20_000], values: [1] }], start, 15)).toBeUndefined();
    expect(dataStartsLate([{ times: [T], values: [null] }], start, 15)).toBeUndefined();
    expect(dataStartsLate([], start, 15)).toBeUndefined();
  });
});
