import { formatAge } from './format';
import { freshness } from './staleness';

export interface BadgeInput {
  fetchedAt: number | undefined;
  now: number;
  /** The live refresh period; 0 when nothing is refreshed (auto-refresh off, a fixed range): the data is as of when it came, not stale. */
  refreshSeconds: number;
  /** Reviewing an incident file: nothing is live. */
  offline: boolean;
  /** This console's own link to the host is down or not up yet. */
  linkDown: boolean;
}

export type BadgeKind = 'none' | 'recorded' | 'held' | 'live' | 'paused' | 'stale';

/**
 * What a panel's freshness badge reads, as one string ("live", "stale 2 min", "paused 4 s", "held"),
 * so a store selector returning it is compared by value: the badge re-renders when its words
 * change, not on every tick of the clock.
 */
export function badgeState({ fetchedAt, now, refreshSeconds, offline, linkDown }: BadgeInput): string {
  if (offline) return 'recorded';
  if (fetchedAt === undefined) return 'none';
  // Neither "live" (nothing new is coming) nor STALE (nothing newer is expected): the picker said so.
  if (refreshSeconds <= 0) return 'held';
  const { stale, ageMs } = freshness(fetchedAt, now, refreshSeconds);
  if (!stale && linkDown) return `paused ${formatAge(ageMs)}`;
  if (!stale) return 'live';
  return `stale ${formatAge(ageMs)}`;
}

/** The kind and age back from `badgeState`'s string. */
export function readBadge(state: string): { kind: BadgeKind; age: string } {
  const space = state.indexOf(' ');
  const kind = (space < 0 ? state : state.slice(0, space)) as BadgeKind;
  return { kind, age: space < 0 ? '' : state.slice(space + 1) };
}
