import { describe, expect, it } from 'vitest';
import { ageTexts } from './use-age-now';

/** How many times the texts change over `ticks` seconds of the clock from `from`. */
function changes(from: number, ticks: number, instants: readonly number[]): number {
  let count = 0;
  let last = ageTexts(from, instants);
  for (let t = 1; t <= ticks; t += 1) {
    const next = ageTexts(from + t * 1000, instants);
    if (next !== last) count += 1;
    last = next;
  }
  return count;
}

describe('the age clock (what makes an age-only component draw again)', () => {
  const now = Date.UTC(2026, 11, 3, 13, 0, 0);

  it('changes once a minute for ages of minutes, not on each tick of the clock', () => {
    // Alerts 5 and 12 minutes old, two minutes of ticks: each age turns over twice.
    expect(changes(now, 120, [now - 5 * 60_000 - 400, now - 12 * 60_000 - 17_000])).toBe(4);
  });

  it('changes each second while an age is under a minute, and reads as formatAge writes it', () => {
    expect(changes(now, 30, [now - 2_000])).toBe(30);
    expect(ageTexts(now, [now - 2_000, now - 4 * 60_000])).toBe('2 s\u00014 min\u0001');
  });

  it('never changes with nothing to show', () => {
    expect(changes(now, 300, [])).toBe(0);
  });
});
