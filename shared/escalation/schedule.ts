import { z } from 'zod';

/**
 * On-call schedules: a rotation hands off at a wall-clock time in an IANA time zone (so a
 * 09:00 hand-off stays at 09:00 across a DST change), and overrides replace whoever the
 * rotation says for a while. Pure functions of the schedule and an instant.
 */

const validTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const LocalTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24 h)');
const InstantSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 time with its offset');

export const RotationSchema = z.object({
  /** People in hand-off order; the first is on call from `startDate` at `handoffTime`. */
  people: z.array(z.string().min(1).max(100)).min(1).max(100),
  startDate: LocalDateSchema,
  handoffTime: LocalTimeSchema,
  /** 1 for daily, 7 for weekly hand-offs. */
  shiftDays: z.number().int().min(1).max(28),
});
export type Rotation = z.infer<typeof RotationSchema>;

export const OverrideSchema = z.object({
  person: z.string().min(1).max(100),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
});
export type Override = z.infer<typeof OverrideSchema>;

export const ScheduleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/),
  timeZone: z.string().refine(validTimeZone, 'an IANA time zone such as Europe/Berlin'),
  rotation: RotationSchema,
  overrides: z.array(OverrideSchema).max(500).default([]),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export interface OnCall {
  person: string;
  /** When this person's turn began (a hand-off or an override's start). */
  since: number;
  /** When the next person takes over. */
  until: number;
  /** True when an override put this person on call. */
  override: boolean;
}

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time happens in a zone. A time skipped by a spring-forward
 * change maps to the same clock reading after the jump (02:30 → 03:30); a time that
 * happens twice in autumn maps to its first occurrence.
 */
export function zonedTimeToInstant(dayUtc: number, hhmm: string, timeZone: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const wall = dayUtc + (h * 60 + m) * 60_000;
  // The offsets a day either side; a change of offset between them is the only ambiguity.
  const before = zoneOffsetMs(wall - DAY_MS, timeZone);
  const after = zoneOffsetMs(wall + DAY_MS, timeZone);
  const valid = [wall - before, wall - after].filter((t) => t + zoneOffsetMs(t, timeZone) === wall);
  // Both valid: autumn's repeated hour, take the first. Neither: spring's gap, read the clock with the old offset.
  return valid.length > 0 ? Math.min(...valid) : wall - before;
}

/** Midnight UTC of the local calendar day an instant falls on in the zone. */
function localDayUtc(instant: number, timeZone: string): number {
  const local = instant + zoneOffsetMs(instant, timeZone);
  return Math.floor(local / DAY_MS) * DAY_MS;
}

function startDayUtc(rotation: Rotation): number {
  const [y = 1970, mo = 1, d = 1] = rotation.startDate.split('-').map(Number);
  return Date.UTC(y, mo - 1, d);
}

/** The rotation's shift containing `instant` (index and bounds); undefined before its first hand-off. */
function shiftAt(schedule: Schedule, instant: number): { index: number; since: number; until: number } | undefined {
  const { rotation, timeZone } = schedule;
  const start = startDayUtc(rotation);
  const handoff = (k: number) => zonedTimeToInstant(start + k * rotation.shiftDays * DAY_MS, rotation.handoffTime, timeZone);
  let k = Math.floor((localDayUtc(instant, timeZone) - start) / DAY_MS / rotation.shiftDays);
  // The hand-off of the local day may not have happened yet (or the day guess is one off).
  for (let step = 0; step < 3 && handoff(k) > instant; step++) k--;
  for (let step = 0; step < 3 && handoff(k + 1) <= instant; step++) k++;
  if (k < 0) return undefined;
  return { index: k, since: handoff(k), until: handoff(k + 1) };
}

/** Who is on call at `instant`: an override if one covers it, else the rotation. */
export function onCallAt(schedule: Schedule, instant: number): OnCall | undefined {
  const overrides = schedule.overrides
    .map((o) => ({ person: o.person, from: Date.parse(o.startsAt), to: Date.parse(o.endsAt) }))
    .filter((o) => o.to > o.from);
  // The latest-starting override that covers the instant wins.
  const covering = overrides.filter((o) => o.from <= instant && instant < o.to).sort((a, b) => b.from - a.from)[0];
  const nextOverrideStart = Math.min(...overrides.filter((o) => o.from > instant).map((o) => o.from), Infinity);
  if (covering) {
    return { person: covering.person, since: covering.from, until: Math.min(covering.to, nextOverrideStart), override: true };
  }
  const shift = shiftAt(schedule, instant);
  if (!shift) return undefined;
  const people = schedule.rotation.people;
  const person = people[shift.index % people.length] ?? people[0]!;
  const endedOverride = Math.max(...overrides.filter((o) => o.to <= instant && o.to > shift.since).map((o) => o.to), -Infinity);
  return {
    person,
    since: Math.max(shift.since, endedOverride),
    until: Math.min(shift.until, nextOverrideStart),
    override: false,
  };
}

/** Who is on call now and who takes over next (skipping a "hand-off" to the same person). */
export function onCallNowAndNext(schedule: Schedule, now: number): { now?: OnCall; next?: OnCall } {
  const current = onCallAt(schedule, now);
  if (!current) {
    const first = onCallAt(schedule, Math.max(now, firstHandoff(schedule)));
    return first ? { next: first } : {};
  }
  let next = onCallAt(schedule, current.until);
  for (let i = 0; i < 10 && next && next.person === current.person; i++) next = onCallAt(schedule, next.until);
  return next ? { now: current, next } : { now: current };
}

function firstHandoff(schedule: Schedule): number {
  return zonedTimeToInstant(startDayUtc(schedule.rotation), schedule.rotation.handoffTime, schedule.timeZone);
}
