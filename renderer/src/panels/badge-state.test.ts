import { describe, expect, it } from 'vitest';
import { badgeState, readBadge } from './badge-state';

const base = { fetchedAt: 1_000_000, refreshSeconds: 5, offline: false, linkDown: false };

describe('freshness badge state', () => {
  it('reads "live" for every second of fresh data, so the badge does not re-render on each tick', () => {
    const seen = new Set([0, 1_000, 4_000, 9_000, 10_000].map((age) => badgeState({ ...base, now: base.fetchedAt + age })));
    expect([...seen]).toEqual(['live']);
  });

  it('turns stale after two refresh periods, with the age in words', () => {
    expect(badgeState({ ...base, now: base.fetchedAt + 10_001 })).toBe('stale 10 s');
    expect(badgeState({ ...base, now: base.fetchedAt + 125_000 })).toBe('stale 2 min');
    expect(readBadge('stale 2 min')).toEqual({ kind: 'stale', age: '2 min' });
  });

  it('is paused while the link is down, recorded offline, and nothing before any data', () => {
    expect(badgeState({ ...base, linkDown: true, now: base.fetchedAt + 3_000 })).toBe('paused 3 s');
    expect(readBadge('paused 3 s')).toEqual({ kind: 'paused', age: '3 s' });
    expect(badgeState({ ...base, offline: true, now: base.fetchedAt + 999_000 })).toBe('recorded');
    expect(badgeState({ ...base, fetchedAt: undefined, now: 5 })).toBe('none');
    expect(readBadge('live')).toEqual({ kind: 'live', age: '' });
  });

  it('is "held", never live nor stale, while nothing is refreshed (refresh off, a fixed range)', () => {
    expect(badgeState({ ...base, refreshSeconds: 0, now: base.fetchedAt + 3_600_000 })).toBe('held');
    expect(readBadge('held')).toEqual({ kind: 'held', age: '' });
    // A file in offline review and a panel with no data keep their own words.
    expect(badgeState({ ...base, refreshSeconds: 0, offline: true, now: base.fetchedAt })).toBe('recorded');
    expect(badgeState({ ...base, refreshSeconds: 0, fetchedAt: undefined, now: 5 })).toBe('none');
  });

  it('measures against the refresh period it is given: a 1 min refresh is not stale at 15 s', () => {
    expect(badgeState({ ...base, refreshSeconds: 60, now: base.fetchedAt + 15_000 })).toBe('live');
    expect(badgeState({ ...base, refreshSeconds: 60, now: base.fetchedAt + 120_001 })).toBe('stale 2 min');
  });
});
