import { describe, expect, it } from 'vitest';
import { onCallAt, onCallNowAndNext, ScheduleSchema, zonedTimeToInstant, zoneOffsetMs, type Schedule } from './schedule';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const at = (s: string) => Date.parse(s);

const weekly: Schedule = ScheduleSchema.parse({
  id: 'fleet-primary',
  timeZone: 'Europe/Berlin',
  // 2026-01-05 is a Monday; Berlin moves to summer time on Sunday 2026-03-29 at 02:00.
  rotation: { people: ['ana', 'bo', 'chen'], startDate: '2026-01-05', handoffTime: '09:00', shiftDays: 7 },
});

describe('time zone arithmetic', () => {
  it('knows Berlin is UTC+1 in winter and UTC+2 in summer', () => {
    expect(zoneOffsetMs(at('2026-03-28T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(zoneOffsetMs(at('2026-03-30T12:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
  });

  it('maps a wall-clock time to its instant, on both sides of and inside the DST changes', () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
    expect(iso(zonedTimeToInstant(day('2026-03-28'), '09:00', 'Europe/Berlin'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(zonedTimeToInstant(day('2026-03-29'), '09:00', 'Europe/Berlin'))).toBe('2026-03-29T07:00:00.000Z');
    // 02:30 does not exist on 29 March: the clock jumps from 02:00 to 03:00, so it is 03:30 CEST.
    expect(iso(zonedTimeToInstant(day('2026-03-29'), '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 happens twice on 25 October: the first (CEST) one.
    expect(iso(zonedTimeToInstant(day('2026-10-25'), '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedTimeToInstant(day('2026-03-08'), '09:00', 'America/New_York'))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(zonedTimeToInstant(day('2026-03-07'), '09:00', 'America/New_York'))).toBe('2026-03-07T14:00:00.000Z');
  });

  it('refuses a time zone that does not exist', () => {
    expect(ScheduleSchema.safeParse({ ...weekly, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});

describe('who is on call', () => {
  it('hands off weekly at 09:00 local time, also across the change to summer time', () => {
    // The week from Mon 23 Mar is 11 hand-offs after the start: 11 % 3 = 2 → chen.
    const before = onCallAt(weekly, at('2026-03-27T12:00:00Z'))!;
    expect(before.person).toBe('chen');
    expect(iso(before.since)).toBe('2026-03-23T08:00:00.000Z'); // 09:00 CET
    expect(iso(before.until)).toBe('2026-03-30T07:00:00.000Z'); // 09:00 CEST: the week was an hour shorter
    expect(onCallAt(weekly, at('2026-03-30T06:59:59Z'))!.person).toBe('chen');
    const after = onCallAt(weekly, at('2026-03-30T07:00:00Z'))!;
    expect(after.person).toBe('ana');
    expect(iso(after.until)).toBe('2026-04-06T07:00:00.000Z');
  });

  it('hands off on Monday at 09:00 even when asked early on Monday (before the hand-off)', () => {
    expect(onCallAt(weekly, at('2026-01-12T07:59:00Z'))!.person).toBe('ana');
    expect(onCallAt(weekly, at('2026-01-12T08:00:00Z'))!.person).toBe('bo');
  });

  it('has nobody on call before the first hand-off, and names who starts', () => {
    expect(onCallAt(weekly, at('2026-01-05T07:00:00Z'))).toBeUndefined();
    const { now, next } = onCallNowAndNext(weekly, at('2026-01-01T00:00:00Z'));
    expect(now).toBeUndefined();
    expect(next).toMatchObject({ person: 'ana', since: at('2026-01-05T08:00:00Z') });
  });

  it('lets an override take a slice of a shift, then gives it back', () => {
    const schedule = ScheduleSchema.parse({
      ...weekly,
      overrides: [{ person: 'dara', startsAt: '2026-03-25T18:00:00+01:00', endsAt: '2026-03-26T08:00:00+01:00' }],
    });
    const { now, next } = onCallNowAndNext(schedule, at('2026-03-25T12:00:00Z'));
    expect(now).toMatchObject({ person: 'chen', override: false, until: at('2026-03-25T17:00:00Z') });
    expect(next).toMatchObject({ person: 'dara', override: true, since: at('2026-03-25T17:00:00Z'), until: at('2026-03-26T07:00:00Z') });
    expect(onCallAt(schedule, at('2026-03-26T07:00:00Z'))).toMatchObject({ person: 'chen', since: at('2026-03-26T07:00:00Z'), until: at('2026-03-30T07:00:00Z') });
  });

  it('daily rotation across the autumn change: each hand-off at 08:00 local', () => {
    const daily = ScheduleSchema.parse({
      id: 'night',
      timeZone: 'Europe/Berlin',
      rotation: { people: ['x', 'y'], startDate: '2026-10-20', handoffTime: '08:00', shiftDays: 1 },
    });
    const sat = onCallAt(daily, at('2026-10-24T12:00:00Z'))!;
    expect(iso(sat.since)).toBe('2026-10-24T06:00:00.000Z');
    expect(iso(sat.until)).toBe('2026-10-25T07:00:00.000Z'); // a 25-hour shift
    const { now, next } = onCallNowAndNext(daily, at('2026-10-24T12:00:00Z'));
    expect(now?.person).not.toBe(next?.person);
  });
});
