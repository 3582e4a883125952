import { formatAge } from './format';
import { freshness } from './staleness';

export interface BadgeInput {
  fetchedAt: number | undefined;
  now: number;
  refreshSeconds: number;
  /** Reviewing an incident file: nothing is live. */
  offline: boolean;
  /** This console's own link to the host is down or not up yet. */
  linkDown: boolean;
}

export type BadgeKind = 'none' | 'recorded' | 'live' | 'paused' | 'stale';

/**
 * What a panel's freshness badge reads, as one string ("live", "stale 2 min", "paused 4 s"),
 * so a store selector returning it is compared by value: the badge re-renders when its words
 * change, not on every tick of the clock.
 */
export function badgeState({ fetchedAt, now, refreshSeconds, offline, linkDown }: BadgeInput): string {
  if (offline) return 'recorded';
  if (fetchedAt === undefined) return 'none';
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
