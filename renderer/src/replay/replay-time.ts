import type { Alert } from '../../../shared/model/alerts';
import { type Deployment, switchesOf } from '../../../shared/model/deploy';
import type { Incident, TimelineEvent } from '../../../shared/model/incident';
import type { QueryResult, Series } from '../../../shared/model/series';

/**
 * What an incident file looked like at one instant of its window: the pure functions the
 * replay clock (replay-slice.ts) feeds every view with. Each answers from the file's own
 * data only — alert start/end times and the timeline's firing/resolved events — so a
 * scrub never fetches anything.
 */

/** Index of the first time after `at` (times ascending): the cut point for "up to at". */
function firstAfter(times: readonly number[], at: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A series with only its samples at or before `at` (the ±Inf marks that still apply kept). */
export function cutSeriesAt(series: Series, at: number): Series {
  const end = firstAfter(series.times, at);
  if (end === series.times.length) return series;
  const cut: Series = { ...series, times: series.times.slice(0, end), values: series.values.slice(0, end) };
  if (series.posInf) cut.posInf = series.posInf.filter((i) => i < end);
  if (series.negInf) cut.negInf = series.negInf.filter((i) => i < end);
  return cut;
}

/** A panel answer as it stood at `at`: samples and exemplars after it are cut, so the chart ends where the incident was then. */
export function cutResultAt(result: QueryResult, at: number): QueryResult {
  const series = result.series.map((s) => cutSeriesAt(s, at));
  const exemplars = result.exemplars?.filter((e) => e.time <= at);
  const unchanged = series.every((s, i) => s === result.series[i]) && exemplars?.length === result.exemplars?.length;
  if (unchanged) return result;
  return { ...result, series, ...(exemplars ? { exemplars } : {}) };
}

export type AlertStateAt = 'firing' | 'resolved' | 'not-yet';

/** The newest firing/resolved event per alert fingerprint at or before `at`, from the timeline. */
function lastAlertEvents(timeline: readonly TimelineEvent[], at: number): Map<string, TimelineEvent> {
  const last = new Map<string, TimelineEvent>();
  for (const event of timeline) {
    if (event.at > at || (event.kind !== 'alert_firing' && event.kind !== 'alert_resolved')) continue;
    const fingerprint = event.data?.fingerprint;
    if (!fingerprint) continue;
    const before = last.get(fingerprint);
    if (!before || before.at <= event.at) last.set(fingerprint, event);
  }
  return last;
}

/**
 * One alert's state at `at`. The timeline's newest firing/resolved event for it wins (it
 * knows re-fires); without one, the alert's own times say: not started yet, ended (a
 * resolved alert's endsAt), or firing. A firing alert's endsAt is Alertmanager's expiry
 * guess, not an end, so it is ignored.
 */
export function alertStateAt(alert: Alert, at: number, lastEvent?: TimelineEvent): AlertStateAt {
  if (lastEvent) return lastEvent.kind === 'alert_resolved' ? 'resolved' : 'firing';
  if (alert.startsAt > at) return 'not-yet';
  if (alert.state === 'resolved' && alert.endsAt !== undefined && alert.endsAt <= at) return 'resolved';
  return 'firing';
}

export interface AlertsAt {
  /** Alerts that had started by `at`, each with its state then. */
  alerts: Alert[];
  /** How many of the file's alerts had not fired yet at `at`. */
  notYet: number;
}

/** The alert list as it stood at `at`: state then, acknowledgements made later dropped, alerts not yet fired left out and counted. */
export function alertsAt(alerts: readonly Alert[], timeline: readonly TimelineEvent[], at: number): AlertsAt {
  const last = lastAlertEvents(timeline, at);
  const shown: Alert[] = [];
  let notYet = 0;
  for (const alert of alerts) {
    const state = alertStateAt(alert, at, last.get(alert.fingerprint));
    if (state === 'not-yet') {
      notYet += 1;
      continue;
    }
    const ackLater = alert.acknowledgement !== undefined && alert.acknowledgement.at > at;
    if (state === alert.state && !ackLater) {
      shown.push(alert);
      continue;
    }
    const { acknowledgement, ...rest } = alert;
    shown.push({ ...rest, state, ...(acknowledgement && !ackLater ? { acknowledgement } : {}) });
  }
  return { alerts: shown, notYet };
}

/** The newest `escalated` event of an incident at or before `at` (its level is in data.level). */
function lastEscalation(incidentId: string, timeline: readonly TimelineEvent[], at: number): { level: string; at: number } | undefined {
  let found: { level: string; at: number } | undefined;
  for (const e of timeline) {
    if (e.incidentId !== incidentId || e.kind !== 'escalated' || e.at > at || !e.data?.level) continue;
    if (!found || e.at >= found.at) found = { level: e.data.level, at: e.at };
  }
  return found;
}

/**
 * One incident as it stood at `at`, or undefined when it had not opened yet. Later
 * acknowledgement, escalation, resolution and member changes are taken off; its state is
 * derived again the way shared/incident/derive.ts does (resolved, acknowledged, escalated, firing).
 */
export function incidentAt(incident: Incident, timeline: readonly TimelineEvent[], at: number): Incident | undefined {
  if (incident.openedAt > at) return undefined;
  const resolved = incident.status === 'resolved' && incident.resolvedAt !== undefined && incident.resolvedAt <= at;
  const ack = incident.acknowledgement && incident.acknowledgement.at <= at && incident.acknowledgement.until > at ? incident.acknowledgement : undefined;
  const escalation = lastEscalation(incident.id, timeline, at) ?? (incident.escalation && incident.escalation.at <= at ? incident.escalation : undefined);
  const members = incident.members
    ?.filter((m) => m.startsAt <= at)
    .map((m) => {
      if (m.endedAt === undefined || m.endedAt <= at) return m;
      const { endedAt: _later, ...rest } = m;
      return rest;
    });
  const quiet = incident.quietSince !== undefined && incident.quietSince <= at;
  const {
    acknowledgement: _ack,
    escalation: _esc,
    resolvedAt,
    resolvedBy,
    quietSince,
    resolvesAt,
    members: _members,
    state: _state,
    status: _status,
    ...rest
  } = incident;
  const state = resolved ? 'resolved' : ack ? 'acknowledged' : escalation ? 'escalated' : 'firing';
  return {
    ...rest,
    status: resolved ? 'resolved' : 'open',
    state,
    ...(resolved ? { resolvedAt, ...(resolvedBy !== undefined ? { resolvedBy } : {}) } : {}),
    ...(ack ? { acknowledgement: ack } : {}),
    ...(escalation ? { escalation } : {}),
    ...(members ? { members } : {}),
    ...(quiet && !resolved ? { quietSince, ...(resolvesAt !== undefined ? { resolvesAt } : {}) } : {}),
  };
}

/** The incidents that had opened by `at`, each as it stood then. */
export function incidentsAt(incidents: readonly Incident[], timeline: readonly TimelineEvent[], at: number): Incident[] {
  return incidents.flatMap((incident) => {
    const then = incidentAt(incident, timeline, at);
    return then ? [then] : [];
  });
}

/** Whether a timeline event had happened by `at` (later ones are shown greyed, still clickable to jump to). */
export function happenedBy(event: Pick<TimelineEvent, 'at'>, at: number): boolean {
  return event.at <= at;
}

/** The events up to `at`, oldest first. */
export function timelineUpTo(events: readonly TimelineEvent[], at: number): TimelineEvent[] {
  return events.filter((e) => happenedBy(e, at)).sort((a, b) => a.at - b.at);
}

/**
 * A blue/green deployment as it stood at `at`, from its switches (shared/model/deploy.ts
 * switchesOf): before a later switch the colour it switched from was live, with the version
 * the switch records as live before. The traffic split of then is not in the file, so it is
 * left out rather than shown from the export.
 */
export function deploymentAt(deployment: Deployment, at: number): Deployment {
  const switches = switchesOf(deployment);
  const next = switches.find((s) => s.at > at);
  if (!next) return deployment;
  const done = switches.filter((s) => s.at <= at);
  const { switchedAt: _switchedAt, history, weights: _weights, ...rest } = deployment;
  const before = next.fromVersion ?? deployment.colors[next.from]?.version;
  const last = done[done.length - 1];
  return {
    ...rest,
    active: next.from,
    colors: { ...deployment.colors, ...(before !== undefined ? { [next.from]: { version: before } } : {}) },
    ...(last ? { switchedAt: last.at } : {}),
    ...(history ? { history: history.filter((s) => s.at <= at) } : {}),
  };
}
