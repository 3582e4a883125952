import { ACK_PREFIX, RESOLVED_PREFIX, type Silence, type SilenceMatcher } from '../model/alerts';
import type { CorrelationConfig, Incident, IncidentMember } from '../model/incident';
import { quietWindowMs } from './derive';
import { groupMatchers, sameMatchers, silenceMatches } from './grouping';

/** What the consoles do to the marker silences (ACK!, RESOLVED!) after a poll; any console may, and they agree. */
export interface LeasePlan {
  expire: Array<{ id: string; why: string }>;
  renew: Array<{ silence: Silence; endsAt: number }>;
  create: Array<{ matchers: SilenceMatcher[]; createdBy: string; comment: string; endsAt: number; incidentId: string }>;
}

export const isMarker = (s: Silence) => s.comment.startsWith(ACK_PREFIX) || s.comment.startsWith(RESOLVED_PREFIX);
const byAge = (a: Silence, b: Silence) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** When the lease plan runs, and how long an ended alert may fire again and still be the same incident (its quiet window). */
export interface FlapWindow {
  now: number;
  quietMs: number;
}

/**
 * Does this marker silence belong to this open incident (made during it, covering one of its
 * alerts)? It covers a firing alert; or one that ended less than the quiet window ago, so an
 * alert that flaps (ends and fires again at once) inside an acknowledged incident stays muted
 * and neither pages again nor escalates. Once that window has passed the silence lapses: a
 * failure that returns later is a new one and must page, even while another alert keeps the
 * incident open. A quiet incident (all its alerts ended, within its window) keeps them all.
 */
export function belongsTo(s: Silence, incident: Incident, flap?: FlapWindow): boolean {
  const members = incident.members ?? [];
  const live = (m: IncidentMember) => m.endedAt === undefined || (flap !== undefined && flap.now - m.endedAt < flap.quietMs);
  const anyFiring = members.some((m) => m.endedAt === undefined);
  const covered = anyFiring ? members.filter(live) : incident.quietSince !== undefined ? members : [];
  return s.startsAt >= incident.openedAt - 1000 && covered.some((m) => silenceMatches(s, m.labels));
}

/**
 * Acknowledgements are leases: each lasts `leaseMs` and is renewed while its incident is
 * open, so with no console running it still lapses. A marker silence whose incident has
 * ended (or that predates the open episode it now covers: a new failure must page) is
 * expired; of duplicates with the same matchers the earliest is kept (the same choice on
 * every console); an acknowledged incident's groups without a silence get one, so every
 * member and escalation alert is muted. Nothing is expired while alerting is blind.
 */
export function planLeases(
  incidents: readonly Incident[],
  silences: readonly Silence[],
  options: { now: number; leaseMs: number; blind: boolean; config: Pick<CorrelationConfig, 'groupBy' | 'resolveAfterQuietSeconds'> },
): LeasePlan {
  const plan: LeasePlan = { expire: [], renew: [], create: [] };
  const open = incidents.filter((i) => i.status === 'open' || (i.resolvedBy !== undefined && (i.members ?? []).some((m) => m.endedAt === undefined)));
  const markers = silences.filter((s) => s.state === 'active' && isMarker(s)).sort(byAge);
  const kept: Silence[] = [];
  const flap: FlapWindow = { now: options.now, quietMs: quietWindowMs(options.config) };
  for (const s of markers) {
    const owners = open.filter((i) => belongsTo(s, i, flap));
    if (owners.length === 0) {
      if (!options.blind) plan.expire.push({ id: s.id, why: 'its incident has ended' });
      continue;
    }
    const twin = kept.find((k) => sameMatchers(k, s) && k.comment.startsWith(ACK_PREFIX) === s.comment.startsWith(ACK_PREFIX));
    if (twin) {
      plan.expire.push({ id: s.id, why: `duplicate of ${twin.id}` });
      continue;
    }
    kept.push(s);
    if (s.endsAt - options.now < options.leaseMs / 2) plan.renew.push({ silence: s, endsAt: options.now + options.leaseMs });
  }
  for (const incident of open) {
    const acks = kept.filter((s) => s.comment.startsWith(ACK_PREFIX) && belongsTo(s, incident, flap));
    const first = acks[0];
    if (!first) continue;
    for (const group of incident.groups ?? []) {
      const matchers = groupMatchers(group, options.config);
      if (acks.some((s) => sameMatchers(s, { matchers }))) continue;
      // Only groups with a firing alert need muting.
      const firing = (incident.members ?? []).some((m) => m.endedAt === undefined && silenceMatches({ matchers }, m.labels));
      if (!firing) continue;
      plan.create.push({ matchers, createdBy: first.createdBy, comment: first.comment, endsAt: options.now + options.leaseMs, incidentId: incident.id });
    }
  }
  return plan;
}
