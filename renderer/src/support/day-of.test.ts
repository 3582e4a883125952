import { describe, expect, it } from 'vitest';
import { formatDayIn } from './time-format';
import { dayOf } from './use-time-format';

describe('dayOf (the day selector every time-showing component runs on each store update)', () => {
  it('gives the day of the instant in the zone, and follows a new instant or zone at once', () => {
    const lateUtc = Date.UTC(2026, 11, 1, 23, 30);
    expect(dayOf(lateUtc, 'utc')).toBe('2026-12-01');
    expect(dayOf(lateUtc, 'utc')).toBe('2026-12-01');
    expect(dayOf(lateUtc + 3_600_000, 'utc')).toBe('2026-12-02');
    expect(dayOf(lateUtc, 'local')).toBe(formatDayIn(lateUtc, 'local'));
    expect(dayOf(lateUtc, 'utc')).toBe('2026-12-01');
  });
});
