import type { AmAlertGroup } from './alertmanager-member';
import type { AmAlert, AmSilence } from './alertmanager-schemas';

const union = (lists: ReadonlyArray<readonly string[]>): string[] => [...new Set(lists.flat())];
/** An ISO time as a number to compare; a missing or broken one sorts first. */
const time = (iso: string | undefined): number => {
  const ms = Date.parse(iso ?? '');
  return Number.isNaN(ms) ? -Infinity : ms;
};

/**
 * One list from what each member of a cluster lists (members in config order), one entry
 * per fingerprint. Members differ only while something travels: an alert a sender has not
 * posted to every member yet (a member that just restarted has none until the next resend),
 * a silence not yet gossiped. The merge shows the cluster as it is about to be:
 *
 * - an alert listed by any member is listed (a missing copy is lag, not an end);
 * - it started at the earliest start any member saw, and lasts to the latest end any member
 *   has, so it is resolved only once every member that lists it says so;
 * - it is silenced or inhibited when any member says so: a silence on one member is on all
 *   within a gossip interval, so an acknowledgement shows as soon as it is made;
 * - annotations are those of the member updated last; receivers are all of them.
 */
export function mergeMemberAlerts(lists: ReadonlyArray<readonly AmAlert[]>): AmAlert[] {
  if (lists.length === 1) return [...lists[0]!];
  const copies = new Map<string, AmAlert[]>();
  for (const list of lists) {
    for (const alert of list) {
      const seen = copies.get(alert.fingerprint);
      if (seen) seen.push(alert);
      else copies.set(alert.fingerprint, [alert]);
    }
  }
  return [...copies.values()].map((same) => {
    if (same.length === 1) return same[0]!;
    const newest = same.reduce((a, b) => (time(b.updatedAt) > time(a.updatedAt) ? b : a));
    const { startsAt } = same.reduce((a, b) => (time(b.startsAt) < time(a.startsAt) ? b : a));
    const { endsAt } = same.reduce((a, b) => (time(b.endsAt) > time(a.endsAt) ? b : a));
    const silencedBy = union(same.map((a) => a.status.silencedBy));
    const inhibitedBy = union(same.map((a) => a.status.inhibitedBy));
    const receivers = union(same.map((a) => a.receivers.map((r) => r.name))).map((name) => ({ name }));
    return {
      ...newest,
      startsAt,
      ...(endsAt ? { endsAt } : {}),
      receivers,
      status: { state: silencedBy.length + inhibitedBy.length > 0 ? ('suppressed' as const) : ('active' as const), silencedBy, inhibitedBy },
    };
  });
}

/**
 * One list of silences from every member's: each id once, as the member that changed it
 * last has it (an expiry is an update, so an expired silence does not come back active
 * from a member the expiry has not reached yet).
 */
export function mergeMemberSilences(lists: ReadonlyArray<readonly AmSilence[]>): AmSilence[] {
  if (lists.length === 1) return [...lists[0]!];
  const byId = new Map<string, AmSilence>();
  for (const list of lists) {
    for (const silence of list) {
      const known = byId.get(silence.id);
      if (!known || moreRecent(silence, known)) byId.set(silence.id, silence);
    }
  }
  return [...byId.values()];
}

const STATE_ORDER = { pending: 0, active: 1, expired: 2 } as const;

function moreRecent(a: AmSilence, b: AmSilence): boolean {
  if (time(a.updatedAt) !== time(b.updatedAt)) return time(a.updatedAt) > time(b.updatedAt);
  // Same update time (or none): a silence only moves forward, pending → active → expired.
  return STATE_ORDER[a.status.state] > STATE_ORDER[b.status.state];
}

/**
 * Route groups from every member: one per receiver and group labels, its alerts merged as
 * above. Every member routes with the same config, but each groups only the alerts it
 * has, so one member alone can miss a group.
 */
export function mergeMemberGroups(lists: ReadonlyArray<readonly AmAlertGroup[]>): AmAlertGroup[] {
  if (lists.length === 1) return [...lists[0]!];
  const byKey = new Map<string, { group: AmAlertGroup; alerts: AmAlert[][] }>();
  for (const list of lists) {
    for (const group of list) {
      const key = JSON.stringify([group.receiver, Object.entries(group.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
      const known = byKey.get(key);
      if (known) known.alerts.push(group.alerts);
      else byKey.set(key, { group, alerts: [group.alerts] });
    }
  }
  return [...byKey.values()].map(({ group, alerts }) => ({ ...group, alerts: mergeMemberAlerts(alerts) }));
}
