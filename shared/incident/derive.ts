import { ACK_PREFIX, type Alert, RESOLVED_PREFIX, type Silence, WATCHDOG_ALERTNAME, severityRank } from '../model/alerts';
import type { CorrelationConfig, Incident, IncidentMember, TimelineEvent } from '../model/incident';
import { correlate, type GroupNode } from './correlate';
import type { ServiceRelease } from './releases';
import { alertGroupKey, groupLabels, incidentId, isEscalation, silenceMatches } from './grouping';

/** One episode: alerts that fired together, from the first start until they all ended. */
export interface Episode {
  id: string;
  /** Member alerts by `${fingerprint}@${startsAt}` (a re-fire inside the episode is a new member). */
  members: Record<string, IncidentMember>;
  /** Group key → the group's labels. */
  groups: Record<string, Record<string, string>>;
  /** `muted`: Alertmanager had it silenced when first seen (an acknowledgement), so it paged nobody. */
  escalations: Array<{ level: string; at: number; fingerprint: string; muted?: boolean }>;
  cause?: string;
  reasons?: string[];
  /** Set once the episode ended (all alerts ended, seen while not blind): frozen from then on. */
  resolvedAt?: number;
  /** The final picture, kept once resolved. */
  final?: { incident: Incident; timeline: TimelineEvent[] };
}

export interface DeriveInput {
  /** Every alert the alert sources list (firing, silenced, inhibited, escalation, watchdog). */
  alerts: readonly Alert[];
  silences: readonly Silence[];
  now: number;
  /** Alerting is blind: an alert missing now is unknown, not resolved. */
  blind: boolean;
  /** Releases the deployer reports (releases.ts), so a failure right after a release is named for it. */
  releases?: readonly ServiceRelease[];
}

export interface DeriveResult {
  episodes: Episode[];
  /** Old id → new id, for episodes whose identity moved (an earlier alert joined, two merged). */
  renamed: Array<{ from: string; to: string }>;
}

const memberKey = (alert: Pick<Alert, 'fingerprint' | 'startsAt'>) => `${alert.fingerprint}@${alert.startsAt}`;

function isAckSilence(s: Silence): boolean {
  return s.comment.startsWith(ACK_PREFIX);
}
function isResolveSilence(s: Silence): boolean {
  return s.comment.startsWith(RESOLVED_PREFIX);
}
export function stripMarker(comment: string): string {
  return comment.replace(/^(ACK!|RESOLVED!)\s*/, '');
}

/**
 * Folds one poll of the alert sources into the episodes. Pure: the same previous
 * episodes and the same poll give the same result, and the identity, members, cause and
 * timeline depend only on what Alertmanager lists (plus when this console saw an alert
 * end), so consoles polling the same Alertmanager agree.
 */
export function deriveEpisodes(previous: readonly Episode[], input: DeriveInput, config: CorrelationConfig): DeriveResult {
  const quietMs = quietWindowMs(config);
  const firing = input.alerts.filter((a) => a.state === 'firing' && a.labels.alertname !== WATCHDOG_ALERTNAME && a.name !== WATCHDOG_ALERTNAME);
  const sources = firing.filter((a) => !isEscalation(a));
  const escalations = firing.filter(isEscalation);
  const open = previous.filter((e) => e.resolvedAt === undefined);
  const closed = previous.filter((e) => e.resolvedAt !== undefined);

  // Nodes: the groups of firing alerts, and the groups of open episodes (an episode lasts while any of its alerts fires).
  const nodes = new Map<string, GroupNode>();
  const addNode = (key: string, labels: Record<string, string>, alertname: string, startsAt: number, severity: number, firing: boolean) => {
    const node = nodes.get(key);
    if (!node) {
      nodes.set(key, { key, labels, alertnames: [alertname], startsAt, severity, firing });
      return;
    }
    node.firing = node.firing || firing;
    if (!node.alertnames.includes(alertname)) (node.alertnames as string[]).push(alertname);
    node.startsAt = Math.min(node.startsAt, startsAt);
    node.severity = Math.max(node.severity, severity);
  };
  const keyOf = new Map<Alert, string>();
  for (const alert of sources) {
    const key = alertGroupKey(alert, config);
    keyOf.set(alert, key);
    addNode(key, groupLabels(alert.labels, config), alert.name, alert.startsAt, severityRank(alert.severity), true);
  }
  for (const episode of open) {
    for (const m of Object.values(episode.members)) {
      addNode(alertGroupKey({ labels: m.labels }, config), groupLabels(m.labels, config), m.name, m.startsAt, severityRank(m.severity), false);
    }
  }

  const links: Array<{ a: string; b: string; reason: string }> = [];
  for (const episode of open) {
    const keys = Object.keys(episode.groups).filter((k) => nodes.has(k)).sort();
    for (let i = 1; i < keys.length; i++) links.push({ a: keys[0]!, b: keys[i]!, reason: 'already one incident' });
  }
  const byFingerprint = new Map(sources.map((a) => [a.fingerprint, a]));
  for (const alert of sources) {
    for (const inhibitor of alert.inhibitedBy ?? []) {
      const source = byFingerprint.get(inhibitor);
      if (source) links.push({ a: keyOf.get(alert)!, b: keyOf.get(source)!, reason: `inhibited by ${source.name}` });
    }
  }
  const clusters = correlate([...nodes.values()], links, config, input.releases ?? []);

  const renamed: DeriveResult['renamed'] = [];
  const next: Episode[] = [];
  const used = new Set<Episode>();
  for (const cluster of clusters) {
    const keys = new Set(cluster.keys);
    const clusterAlerts = sources.filter((a) => keys.has(keyOf.get(a)!));
    const touching = open.filter((e) => Object.keys(e.groups).some((k) => keys.has(k)));
    touching.forEach((e) => used.add(e));
    // A quiet episode (all its alerts ended, waiting out the quiet window) continues only when
    // one of its OWN groups fires again (a flap); a merely related new failure is a new incident.
    const firingGroups = new Set(clusterAlerts.map((a) => keyOf.get(a)!));
    const merged = touching.filter((e) => !isQuiet(e) || Object.keys(e.groups).some((k) => firingGroups.has(k)));
    for (const episode of touching) if (!merged.includes(episode)) next.push(settle(episode, input, quietMs));
    if (clusterAlerts.length === 0) {
      // Nothing fires any more: each of its episodes goes quiet, then ends — unless alerting is blind, when it is unknown.
      for (const episode of merged) next.push(settle(episode, input, quietMs));
      continue;
    }
    const members: Record<string, IncidentMember> = {};
    for (const episode of merged) Object.assign(members, cloneMembers(episode.members));
    const firingKeys = new Set<string>();
    for (const alert of clusterAlerts) {
      const k = memberKey(alert);
      firingKeys.add(k);
      const silencedBy = input.silences
        .filter((s) => s.state === 'active' && alert.silencedBy.includes(s.id) && !isAckSilence(s) && !isResolveSilence(s))
        .map((s) => `${s.createdBy}: ${s.comment}`);
      members[k] = {
        fingerprint: alert.fingerprint,
        name: alert.name,
        severity: alert.severity,
        labels: { ...alert.labels },
        startsAt: alert.startsAt,
        ...((alert.inhibitedBy?.length ?? 0) > 0 ? { inhibited: true } : {}),
        ...(silencedBy.length ? { silencedBy } : {}),
      };
    }
    if (!input.blind) {
      for (const [k, m] of Object.entries(members)) if (!firingKeys.has(k) && m.endedAt === undefined) m.endedAt = input.now;
    }
    const groups: Record<string, Record<string, string>> = {};
    for (const m of Object.values(members)) groups[alertGroupKey({ labels: m.labels }, config)] = groupLabels(m.labels, config);
    const first = Object.values(members).sort((a, b) => a.startsAt - b.startsAt || cmp(alertGroupKey(a, config), alertGroupKey(b, config)))[0]!;
    const id = incidentId(alertGroupKey(first, config), first.startsAt);
    for (const episode of merged) if (episode.id !== id) renamed.push({ from: episode.id, to: id });
    const escalationList = merged.flatMap((e) => e.escalations);
    for (const alert of escalations) {
      if (!keys.has(alertGroupKey(alert, config))) continue;
      if (escalationList.some((e) => e.fingerprint === alert.fingerprint && e.at === alert.startsAt)) continue;
      escalationList.push({ level: alert.labels.escalation ?? '?', at: alert.startsAt, fingerprint: alert.fingerprint, ...(alert.silencedBy.length > 0 ? { muted: true } : {}) });
    }
    escalationList.sort((a, b) => a.at - b.at || cmp(a.level, b.level));
    next.push({ id, members, groups, escalations: escalationList, cause: cluster.cause, reasons: cluster.reasons });
  }
  for (const episode of open) if (!used.has(episode)) next.push(settle(episode, input, quietMs));
  const finished = next.filter((e) => e.resolvedAt !== undefined);
  for (const e of finished) e.final = render(e, input.silences, config, input.now, false);
  return { episodes: [...closed, ...next.sort((a, b) => cmp(a.id, b.id))], renamed };
}

/** The default quiet window: long enough to ride out a flapping alert, short enough that "resolved" still means resolved. */
export const DEFAULT_RESOLVE_AFTER_QUIET_SECONDS = 120;

export function quietWindowMs(config: Pick<CorrelationConfig, 'resolveAfterQuietSeconds'>): number {
  return (config.resolveAfterQuietSeconds ?? DEFAULT_RESOLVE_AFTER_QUIET_SECONDS) * 1000;
}

function isQuiet(episode: Episode): boolean {
  const members = Object.values(episode.members);
  return members.length > 0 && members.every((m) => m.endedAt !== undefined);
}

/** When its last alert ended (the episode is quiet). */
function lastEnded(episode: Episode): number {
  return Math.max(...Object.values(episode.members).map((m) => m.endedAt ?? 0));
}

/**
 * An episode none of whose alerts fires now: its alerts end (as of now), and once the
 * last ended `quietMs` ago the episode resolves, dated when its last alert ended. While
 * blind nothing ends: a missing alert is unknown.
 */
function settle(episode: Episode, input: Pick<DeriveInput, 'now' | 'blind'>, quietMs: number): Episode {
  if (input.blind) return episode;
  const members = cloneMembers(episode.members);
  for (const m of Object.values(members)) if (m.endedAt === undefined) m.endedAt = input.now;
  const ended = { ...episode, members };
  const at = lastEnded(ended);
  return input.now - at >= quietMs ? { ...ended, resolvedAt: at } : ended;
}

/** A deep copy of members (shared/ has no structuredClone: it runs with no Node or DOM types). */
function cloneMembers(members: Readonly<Record<string, IncidentMember>>): Record<string, IncidentMember> {
  return Object.fromEntries(
    Object.entries(members).map(([key, m]) => [key, { ...m, labels: { ...m.labels }, ...(m.silencedBy ? { silencedBy: [...m.silencedBy] } : {}) }]),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** An episode as an incident with its derived timeline. Resolved episodes give their frozen picture. */
export function render(
  episode: Episode,
  silences: readonly Silence[],
  config: CorrelationConfig,
  now: number,
  blind: boolean,
): { incident: Incident; timeline: TimelineEvent[] } {
  if (episode.final) return episode.final;
  const members = Object.values(episode.members).sort((a, b) => a.startsAt - b.startsAt || cmp(a.fingerprint, b.fingerprint));
  const openedAt = members[0]?.startsAt ?? now;
  const firingMembers = members.filter((m) => m.endedAt === undefined);
  const covering = (s: Silence) => members.some((m) => silenceMatches(s, m.labels));
  // A marker silence counts for this episode only if made during it: an older one belongs to an older episode.
  const ours = silences.filter((s) => s.startsAt >= openedAt - 1000 && (episode.resolvedAt === undefined || s.startsAt <= episode.resolvedAt) && covering(s));
  const byAge = (a: Silence, b: Silence) => a.startsAt - b.startsAt || cmp(a.id, b.id);
  const acks = ours.filter(isAckSilence).sort(byAge);
  const activeAcks = acks.filter((s) => s.state === 'active');
  const manual = ours.filter(isResolveSilence).filter((s) => s.state === 'active' || episode.resolvedAt !== undefined).sort(byAge)[0];

  const cause = episode.cause ? members.find((m) => alertGroupKey(m, config) === episode.cause) : undefined;
  const lead = cause ?? members[0];
  const where = lead ? lead.labels.service ?? Object.values(groupLabels(lead.labels, config)).join(' · ') : '';
  const names = new Set(members.map((m) => m.fingerprint));
  const title = lead ? `${where}: ${lead.name}${names.size > 1 ? ` (+${names.size - 1} alerts)` : ''}` : 'incident';
  const severity = members.reduce<IncidentMember['severity']>((w, m) => (severityRank(m.severity) > severityRank(w) ? m.severity : w), 'info');
  const resolvedAt = manual?.startsAt ?? episode.resolvedAt;
  const ack = activeAcks[0];
  // The highest level that paged someone (first reached), not the latest: a group that joins late
  // may reach B after another reached C. A muted escalation paged nobody.
  const lastEscalation = episode.escalations
    .filter((e) => !e.muted)
    .reduce<Episode['escalations'][number] | undefined>((top, e) => (!top || e.level > top.level || (e.level === top.level && e.at < top.at) ? e : top), undefined);
  const otherSilences = [...new Set(firingMembers.flatMap((m) => m.silencedBy ?? []))];
  const state = resolvedAt !== undefined ? 'resolved' : ack ? 'acknowledged' : lastEscalation ? 'escalated' : 'firing';
  const causeText = cause
    ? `${cause.labels.service ?? where} (${cause.name})${episode.reasons?.length ? ` — ${episode.reasons.filter((r) => r !== 'already one incident').join('; ')}` : ''}`
    : undefined;

  const incident: Incident = {
    id: episode.id,
    title,
    ...(lead?.labels.service ? { service: lead.labels.service } : {}),
    severity,
    status: resolvedAt !== undefined ? 'resolved' : 'open',
    state,
    openedAt,
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    alerts: [...names].sort(),
    groups: Object.keys(episode.groups)
      .sort()
      .map((k) => episode.groups[k]!),
    ...(causeText ? { cause: causeText.replace(/ — $/, '') } : {}),
    members,
    ...(ack
      ? { acknowledgement: { by: ack.createdBy, comment: stripMarker(ack.comment), at: ack.startsAt, until: ack.endsAt, silenceIds: activeAcks.map((s) => s.id) } }
      : {}),
    ...(lastEscalation ? { escalation: { level: lastEscalation.level, at: lastEscalation.at } } : {}),
    ...(otherSilences.length ? { silencedBy: otherSilences } : {}),
    ...(manual ? { resolvedBy: manual.createdBy } : {}),
    ...(blind && resolvedAt === undefined ? { unknown: true } : {}),
    ...(resolvedAt === undefined && isQuiet(episode) ? { quietSince: lastEnded(episode), resolvesAt: lastEnded(episode) + quietWindowMs(config) } : {}),
  };

  const id = episode.id;
  const timeline: TimelineEvent[] = [{ id: `${id}:opened`, incidentId: id, at: openedAt, kind: 'incident_opened', text: `Incident opened: ${title}` }];
  for (const m of members) {
    timeline.push({
      id: `${id}:firing:${m.fingerprint}@${m.startsAt}`,
      incidentId: id,
      at: m.startsAt,
      kind: 'alert_firing',
      text: `${m.name}${m.labels.service ? ` on ${m.labels.service}` : ''}${m.labels.city ? ` in ${m.labels.city}` : ''}${m.inhibited ? ' (inhibited)' : ''}`,
      data: { fingerprint: m.fingerprint, alertname: m.name },
    });
    if (m.endedAt !== undefined && m.endedAt !== episode.resolvedAt) {
      timeline.push({ id: `${id}:ended:${m.fingerprint}@${m.startsAt}`, incidentId: id, at: m.endedAt, kind: 'alert_resolved', text: `${m.name} resolved`, data: { fingerprint: m.fingerprint } });
    }
  }
  for (const e of episode.escalations) {
    const text = e.muted ? `Escalation to ${e.level.toUpperCase()} muted by a silence: nobody was paged` : `Escalated to ${e.level.toUpperCase()}`;
    timeline.push({ id: `${id}:escalated:${e.fingerprint}@${e.at}`, incidentId: id, at: e.at, kind: 'escalated', text, data: { level: e.level, ...(e.muted ? { muted: 'true' } : {}) } });
  }
  const seenAck = new Set<string>();
  for (const s of acks) {
    const who = `${s.createdBy}\n${stripMarker(s.comment)}`;
    if (seenAck.has(who)) continue;
    seenAck.add(who);
    timeline.push({ id: `${id}:ack:${s.id}`, incidentId: id, at: s.startsAt, kind: 'acknowledged', actor: s.createdBy, text: `Acknowledged: ${stripMarker(s.comment)}`, data: { silenceId: s.id } });
    if (s.state === 'expired' && episode.resolvedAt === undefined && !activeAcks.some((a) => a.createdBy === s.createdBy)) {
      timeline.push({ id: `${id}:unack:${s.id}`, incidentId: id, at: s.endsAt, kind: 'unacknowledged', actor: s.createdBy, text: 'Acknowledgement ended', data: { silenceId: s.id } });
    }
  }
  if (resolvedAt !== undefined) {
    timeline.push({
      id: `${id}:resolved`,
      incidentId: id,
      at: resolvedAt,
      kind: 'incident_resolved',
      text: manual ? `Resolved by hand: ${stripMarker(manual.comment)}` : 'All alerts resolved',
      ...(manual ? { actor: manual.createdBy } : {}),
    });
  }
  timeline.sort((a, b) => a.at - b.at || kindOrder(a.kind) - kindOrder(b.kind) || cmp(a.id, b.id));
  return { incident, timeline };
}

const ORDER = ['incident_opened', 'alert_firing', 'escalated', 'acknowledged', 'unacknowledged', 'alert_resolved', 'incident_resolved'];
const kindOrder = (kind: string) => {
  const i = ORDER.indexOf(kind);
  return i < 0 ? ORDER.length : i;
};
