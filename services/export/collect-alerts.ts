import type { Alert, AlertHistory, AlertStateChange, Incident, IncidentMember, TimelineEvent } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';

/**
 * The incident's alerts as the review lists them: those still active as the alert source
 * has them, and every other member as resolved (at the time the console saw it end), so
 * the file's alert count is the alerts it lists — a resolved alert counted as resolved,
 * not missing (a file used to read "0 alerts" beside a listed resolved one).
 */
export function incidentAlerts(incident: Incident, active: readonly Alert[], end: number): Alert[] {
  const fingerprints = new Set(incident.alerts);
  for (const m of incident.members ?? []) fingerprints.add(m.fingerprint);
  const byFingerprint = new Map(active.filter((a) => fingerprints.has(a.fingerprint)).map((a) => [a.fingerprint, a]));
  const members = new Map((incident.members ?? []).map((m) => [m.fingerprint, m]));
  const alerts: Alert[] = [];
  for (const fingerprint of fingerprints) {
    const live = byFingerprint.get(fingerprint);
    const member = members.get(fingerprint);
    if (live) alerts.push(live);
    else if (member) alerts.push(resolvedFromMember(member, incident.resolvedAt ?? end));
  }
  return alerts;
}

function resolvedFromMember(member: IncidentMember, fallbackEnd: number): Alert {
  return {
    fingerprint: member.fingerprint,
    name: member.name,
    severity: member.severity,
    state: 'resolved',
    startsAt: member.startsAt,
    endsAt: member.endedAt ?? fallbackEnd,
    labels: member.labels,
    annotations: {},
    silencedBy: [],
    // Not listed by any source at export: the incident tracker is where it was last seen.
    source: 'incident',
  };
}

/** Each member alert's firing and resolved moments, as the tracker's timeline recorded them. */
export function historyFromTimeline(incident: Incident, timeline: readonly TimelineEvent[]): AlertStateChange[] {
  const members = new Map((incident.members ?? []).map((m) => [m.fingerprint, m]));
  const changes: AlertStateChange[] = [];
  for (const e of timeline) {
    if (e.kind !== 'alert_firing' && e.kind !== 'alert_resolved') continue;
    const fingerprint = e.data?.fingerprint;
    const member = fingerprint ? members.get(fingerprint) : undefined;
    changes.push({
      ...(fingerprint ? { fingerprint } : {}),
      name: member?.name ?? e.data?.alertname ?? e.text,
      labels: member?.labels ?? {},
      state: e.kind === 'alert_firing' ? 'firing' : 'resolved',
      at: e.at,
    });
  }
  // The tracker writes no "resolved" for the alert that closed the incident: it is the incident's resolution.
  for (const m of members.values()) {
    const ended = m.endedAt ?? (incident.status === 'resolved' ? incident.resolvedAt : undefined);
    if (ended !== undefined && !changes.some((c) => c.fingerprint === m.fingerprint && c.state === 'resolved')) {
      changes.push({ fingerprint: m.fingerprint, name: m.name, labels: m.labels, state: 'resolved', at: ended });
    }
  }
  return changes;
}

/** Escapes a value for a PromQL regex matcher inside double quotes. */
function regexValue(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Prometheus' own record of the alerts' states over the window: its `ALERTS` series (one per
 * alert and state, 1 while in it). Each run of samples is a spell in that state; the step
 * after its last sample is when it left. A source that does not keep ALERTS (the embedded
 * demo) answers nothing: the history is then the timeline's alone, and the file says so.
 */
export async function historyFromPrometheus(
  sources: SourceSet,
  names: readonly string[],
  window: { start: number; end: number },
  signal: AbortSignal,
): Promise<{ changes: AlertStateChange[]; note?: string }> {
  if (names.length === 0) return { changes: [] };
  if (!sources.has('metrics')) return { changes: [], note: 'No metrics source is configured, so Prometheus’ ALERTS history is not in the file.' };
  const { source, capability } = sources.pick('metrics');
  const stepSeconds = Math.max(15, Math.ceil((window.end - window.start) / 1000 / 1000));
  const expr = `ALERTS{alertname=~"${[...new Set(names)].map(regexValue).join('|')}"}`;
  try {
    const result = await capability.queryRange({ expr, start: window.start, end: window.end, stepSeconds }, signal);
    const changes: AlertStateChange[] = [];
    for (const series of result.series) {
      const { alertname = '', alertstate = 'firing', ...labels } = series.labels;
      delete labels.__name__;
      const state = alertstate === 'pending' ? 'pending' : 'firing';
      // A spell is a run of samples one step apart; Prometheus leaves out (or the source nulls) the steps in between.
      const stepMs = stepSeconds * 1000;
      let last: number | undefined;
      series.values.forEach((value, i) => {
        const at = series.times[i]!;
        if (value === null) return;
        if (last === undefined || at - last > stepMs * 1.5) {
          if (last !== undefined) changes.push({ name: alertname, labels, state: 'resolved', at: last + stepMs });
          changes.push({ name: alertname, labels, state, at });
        }
        last = at;
      });
      if (last !== undefined && last + stepMs < window.end) changes.push({ name: alertname, labels, state: 'resolved', at: last + stepMs });
    }
    if (result.series.length === 0) return { changes, note: `${source.name} has no ALERTS series for these alerts over the window, so the history is the incident timeline’s.` };
    return { changes };
  } catch (error) {
    if (signal.aborted) throw error;
    return { changes: [], note: `${source.name} did not answer the ALERTS history (${errorMessage(error)}), so the history is the incident timeline’s.` };
  }
}

export async function collectAlertHistory(
  sources: SourceSet,
  incident: Incident,
  timeline: readonly TimelineEvent[],
  alerts: readonly Alert[],
  window: { start: number; end: number },
  signal: AbortSignal,
): Promise<AlertHistory> {
  const fromTimeline = historyFromTimeline(incident, timeline);
  const prometheus = await historyFromPrometheus(sources, alerts.map((a) => a.name), window, signal);
  const changes = [...fromTimeline, ...prometheus.changes].sort((a, b) => a.at - b.at);
  return {
    changes,
    from: prometheus.changes.length > 0 ? ['timeline', 'prometheus'] : ['timeline'],
    ...(prometheus.note ? { note: prometheus.note } : {}),
  };
}
