import type { TimeZoneChoice } from '../../../shared/dashboards/time-range';
import { useCallback } from 'react';
import { useStore } from '../store/store';
import { formatAxisTick, formatClockIn, formatDayIn, formatInstant } from './time-format';

/** Noon of a "YYYY-MM-DD" day in the zone: an instant surely on that day, whatever DST does at night. */
function noonOf(day: string, zone: 'local' | 'utc'): number {
  return Date.parse(zone === 'utc' ? `${day}T12:00:00Z` : `${day}T12:00:00`);
}

/**
 * The day `now` falls on, remembered for the last (now, zone): this selector runs in every
 * component that shows a time on every store update (each panel's result), and one Intl
 * formatToParts per call there cost more than the panels' own rendering.
 */
let lastDay = { now: NaN, zone: '', day: '' };
export function dayOf(now: number, zone: TimeZoneChoice): string {
  if (now !== lastDay.now || zone !== lastDay.zone) lastDay = { now, zone, day: formatDayIn(now, zone) };
  return lastDay.day;
}

/**
 * The person's time format as functions, for components: re-renders when the zone is
 * switched or the day changes, not on every tick of the clock.
 */
export function useTimeFormat() {
  const zone = useStore((s) => s.effectiveTimeZone());
  // The day, not the instant: a component showing times need not redraw every second.
  const day = useStore((s) => dayOf(s.now, s.effectiveTimeZone()));
  const instant = useCallback((ms: number) => formatInstant(ms, { zone, now: noonOf(day, zone) }), [zone, day]);
  const clock = useCallback((ms: number) => formatClockIn(ms, zone), [zone]);
  const axis = useCallback((ms: number, spanMs: number) => formatAxisTick(ms, spanMs, zone), [zone]);
  return { zone, instant, clock, axis };
}
