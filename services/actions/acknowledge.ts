import {
  ACK_PREFIX,
  type AcknowledgeRequest,
  type Incident,
  type IncidentActionRequest,
  LockstepApiError,
  RESOLVED_PREFIX,
  type Silence,
} from '../../shared';
import { belongsTo } from '../../shared/incident/ack-lease';
import { quietWindowMs } from '../../shared/incident/derive';
import { groupMatchers, sameMatchers } from '../../shared/incident/grouping';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import { SourceError } from '../datasources/types';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { ActionSpec } from './action-pipeline';

export interface AckDeps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  now: () => number;
  /** How long an acknowledgement lasts unless a running console renews it (default 20 min). */
  ackLeaseMs?: number;
}

export const DEFAULT_ACK_LEASE_MS = 20 * 60_000;

/** One acknowledgement at a time per incident in this console: check-then-create must not interleave with itself. */
const inFlight = new Map<string, Promise<unknown>>();
function serially<T>(key: string, work: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  const next = before.then(work, work);
  const settled = next.catch(() => undefined);
  inFlight.set(key, settled);
  void settled.then(() => {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  });
  return next;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const stripMarker = (comment: string) => comment.replace(/^(ACK!|RESOLVED!)\s*/, '');

/** A fresh look at the incident, from a poll made now; refuses when the alert source cannot be read. */
async function freshIncident(incidentId: string, deps: AckDeps): Promise<Incident> {
  const snapshot = await deps.alerts.poll();
  if (!snapshot.complete) {
    throw new SourceError('alerts', `the alert source does not answer (${snapshot.error ?? 'unknown error'}), so nothing can be acknowledged there now`, 'unreachable');
  }
  return deps.incidents.get(incidentId);
}

function alertsCapability(incident: Incident, deps: AckDeps) {
  const fingerprint = incident.alerts[0];
  const alert = deps.alerts.current().alerts.find((a) => a.fingerprint === fingerprint);
  const { source, capability } = deps.sources.pick('alerts', alert?.source);
  return { sourceId: source.id, capability };
}

/** Groups of the incident that still have a firing alert (only those need muting). */
function firingGroups(incident: Incident): Array<Record<string, string>> {
  const firing = (incident.members ?? []).filter((m) => m.endedAt === undefined);
  return (incident.groups ?? []).filter((g) => firing.some((m) => Object.entries(g).every(([k, v]) => m.labels[k] === v)));
}

/** The incident's marker silences, as the lease keeper counts them (an alert that just ended keeps its own). */
function markerSilences(incident: Incident, prefix: string, silences: readonly Silence[], deps: AckDeps): Silence[] {
  const flap = { now: deps.now(), quietMs: quietWindowMs(deps.incidents.config) };
  return silences
    .filter((s) => s.state === 'active' && s.comment.startsWith(prefix) && belongsTo(s, incident, flap))
    .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1));
}

/**
 * Creates one marker silence per group of the incident, then looks again: where another
 * console made the same silence first (earlier start, then smaller id — the rule every
 * console applies), ours is expired. At most one marker silence per group survives.
 */
async function placeMarkers(incident: Incident, prefix: string, request: IncidentActionRequest, deps: AckDeps): Promise<{ made: string[]; lostTo?: Silence }> {
  const { capability } = alertsCapability(incident, deps);
  const lease = deps.ackLeaseMs ?? DEFAULT_ACK_LEASE_MS;
  const startsAt = deps.now();
  const made: string[] = [];
  const config = deps.incidents.config;
  for (const group of firingGroups(incident)) {
    const { silenceId } = await capability.createSilence({
      matchers: groupMatchers(group, config),
      startsAt,
      endsAt: startsAt + lease,
      createdBy: request.author,
      comment: `${prefix} ${request.comment || (prefix === ACK_PREFIX ? 'acknowledged' : 'resolved')}`.trim(),
    });
    made.push(silenceId);
  }
  const silences = await capability.listSilences();
  let lostTo: Silence | undefined;
  const kept: string[] = [];
  for (const id of made) {
    const mine = silences.find((s) => s.id === id);
    if (!mine) continue;
    const earlier = silences
      .filter((s) => s.state === 'active' && s.comment.startsWith(prefix) && s.id !== id && sameMatchers(s, mine))
      .filter((s) => s.startsAt < mine.startsAt || (s.startsAt === mine.startsAt && s.id < mine.id))
      .filter((s) => s.startsAt >= incident.openedAt - 1000)[0];
    if (earlier) {
      lostTo ??= earlier;
      await capability.expireSilence?.(id);
    } else kept.push(id);
  }
  return { made: kept, ...(lostTo && kept.length === 0 ? { lostTo } : {}) };
}

/** Acknowledging an incident: an `ACK!` silence on its groups, a lease that running consoles renew. */
export function acknowledgeIncidentAction(request: IncidentActionRequest, deps: AckDeps): ActionSpec {
  const known = deps.incidents.get(request.incidentId);
  return {
    kind: 'acknowledge',
    key: request.idempotencyKey,
    summary: `${request.author} acknowledges incident ${known.id} (${known.title})`,
    request,
    run: () =>
      serially(known.id, async () => {
        const incident = await freshIncident(known.id, deps);
        if (incident.status === 'resolved') throw new LockstepApiError('bad_request', 'That incident has resolved already; nothing to acknowledge.');
        const existing = incident.acknowledgement;
        if (existing) {
          throw new LockstepApiError(
            'bad_request',
            `${existing.by} already has this incident (acknowledged at ${clock(existing.at)}: “${existing.comment}”); no second acknowledgement was made.`,
          );
        }
        const { made, lostTo } = await placeMarkers(incident, ACK_PREFIX, request, deps);
        await deps.alerts.poll();
        if (lostTo) {
          throw new LockstepApiError('bad_request', `${lostTo.createdBy} acknowledged it a moment earlier (“${stripMarker(lostTo.comment)}”); no second acknowledgement was kept.`);
        }
        // Shown at once on this console; the same event read back from Alertmanager replaces it.
        deps.incidents.record(incident.id, 'acknowledged', `Acknowledged: ${request.comment || 'acknowledged'}`, request.author, { silenceId: made[0] ?? '' });
        deps.incidents.commit();
        const lease = deps.ackLeaseMs ?? DEFAULT_ACK_LEASE_MS;
        return `Acknowledged ${incident.title} as ${request.author} (${made.length} silence${made.length === 1 ? '' : 's'}, renewed every ${Math.round(lease / 120_000)} min while it is open)`;
      }),
    async reconcile() {
      const incident = deps.incidents.get(known.id);
      const ack = incident.acknowledgement;
      return ack ? { done: true, message: `acknowledged by ${ack.by}` } : { done: false, message: 'not acknowledged' };
    },
  };
}

/** Un-acknowledging expires the incident's ACK! silences, so escalation resumes. */
export function unacknowledgeIncidentAction(request: IncidentActionRequest, deps: AckDeps): ActionSpec {
  const known = deps.incidents.get(request.incidentId);
  return {
    kind: 'unacknowledge',
    key: request.idempotencyKey,
    summary: `${request.author} un-acknowledges incident ${known.id}`,
    request,
    run: () =>
      serially(known.id, async () => {
        const incident = await freshIncident(known.id, deps);
        const acks = markerSilences(incident, ACK_PREFIX, deps.alerts.current().silences, deps);
        if (acks.length === 0) throw new LockstepApiError('bad_request', 'That incident is not acknowledged.');
        // Each through the source that lists it: with several alert sources, an acknowledgement may live in another than the incident's first alert's.
        const fallback = alertsCapability(incident, deps).sourceId;
        for (const s of acks) {
          const { capability } = deps.sources.pick('alerts', deps.alerts.sourceOfSilence(s.id) ?? fallback);
          if (!capability.expireSilence) throw new LockstepApiError('unavailable', 'This alert source cannot expire silences.');
          await capability.expireSilence(s.id);
        }
        await deps.alerts.poll();
        return `Acknowledgement by ${acks[0]!.createdBy} ended; the incident pages again`;
      }),
  };
}

/** Resolving by hand: a `RESOLVED!` silence on its groups (alerts still firing are muted), lapsing like an acknowledgement. */
export function resolveIncidentAction(request: IncidentActionRequest, deps: AckDeps): ActionSpec {
  const known = deps.incidents.get(request.incidentId);
  return {
    kind: 'resolve',
    key: request.idempotencyKey,
    summary: `${request.author} resolves incident ${known.id} by hand`,
    request,
    run: () =>
      serially(known.id, async () => {
        const incident = await freshIncident(known.id, deps);
        if (incident.status === 'resolved') return `Already resolved${incident.resolvedBy ? ` by ${incident.resolvedBy}` : ''}`;
        await placeMarkers(incident, RESOLVED_PREFIX, request, deps);
        await deps.alerts.poll();
        return `Resolved ${incident.title}`;
      }),
  };
}

/** The older per-alert request: acknowledges the incident the alert belongs to. */
export function acknowledgeAction(request: AcknowledgeRequest, deps: AckDeps): ActionSpec {
  const incident = deps.incidents.incidentFor(request.fingerprint);
  if (!incident) throw new LockstepApiError('not_found', 'That alert is no longer active; it may have resolved already.');
  return acknowledgeIncidentAction(
    { incidentId: incident.id, author: request.author, comment: request.comment, idempotencyKey: request.idempotencyKey },
    deps,
  );
}
