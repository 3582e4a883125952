import { z } from 'zod';
import {
  type Alert,
  type Incident,
  IncidentSchema,
  type IncidentsSnapshot,
  type TimelineEvent,
  TimelineEventSchema,
  type TimelineKind,
  LockstepApiError,
  severityRank,
} from '../../shared';
import { readJson, writeJsonAtomic } from '../util/json-file';
import { restrictPrivateFile } from '../util/private-files';

const StateSchema = z.object({ incidents: z.array(IncidentSchema), timeline: z.array(TimelineEventSchema) });

const MAX_RESOLVED_KEPT = 200;

/**
 * Groups firing alerts into incidents (one per service, or per alert name when no
 * service is named) and keeps each incident's timeline. State survives restarts.
 */
export class IncidentTracker {
  private incidents: Incident[];
  private timeline: TimelineEvent[];
  private sequence = 0;
  private readonly listeners = new Set<(snapshot: IncidentsSnapshot) => void>();
  /** `${incidentId}/${fingerprint}` of alerts whose last timeline word is "firing" (derived once, kept in step). */
  private readonly firing = new Set<string>();
  /** When each open incident last had no firing alert; it resolves after the grace period. */
  private readonly quietSince = new Map<string, number>();

  /**
   * @param resolveGraceMs how long an incident must stay quiet before it resolves, so a
   *   flapping alert keeps one incident instead of opening a new one each time it fires.
   */
  constructor(
    private readonly file: string | undefined,
    private readonly now: () => number,
    private readonly warn: (message: string) => void = () => {},
    private readonly resolveGraceMs = 0,
  ) {
    // A state file an older build left readable to others is tightened before it is read.
    if (file) restrictPrivateFile(file);
    const state = file
      ? readJson(file, StateSchema, { incidents: [], timeline: [] }, warn)
      : { incidents: [], timeline: [] };
    this.incidents = state.incidents;
    this.timeline = state.timeline;
    for (const event of this.timeline) this.track(event);
  }

  onChange(listener: (snapshot: IncidentsSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): IncidentsSnapshot {
    return { incidents: [...this.incidents], timeline: [...this.timeline] };
  }

  get(id: string): Incident {
    const incident = this.incidents.find((i) => i.id === id);
    if (!incident) throw new LockstepApiError('not_found', `There is no incident "${id}".`);
    return incident;
  }

  timelineOf(id: string): TimelineEvent[] {
    return this.timeline.filter((e) => e.incidentId === id);
  }

  /**
   * Folds one complete, successful poll of the alert sources into the incidents. Only
   * call it with a complete answer: an alert missing because a source was down is not
   * a resolved alert.
   */
  observe(firing: readonly Alert[]): { opened: Incident[]; newAlerts: Alert[] } {
    const at = this.now();
    const opened: Incident[] = [];
    const newAlerts: Alert[] = [];
    const firingNow = new Set(firing.map((a) => a.fingerprint));
    let changed = false;

    for (const alert of firing) {
      const key = groupKey(alert);
      let incident = this.incidents.find((i) => i.status === 'open' && incidentKey(i) === key);
      if (!incident) {
        incident = {
          id: `inc-${new Date(at).toISOString().replace(/[-:]/g, '').slice(0, 15)}-${++this.sequence}-${slug(key)}`,
          title: alert.labels.service ? `${alert.labels.service}: ${alert.name}` : alert.name,
          service: alert.labels.service,
          severity: alert.severity,
          status: 'open',
          openedAt: at,
          alerts: [],
        };
        this.incidents.push(incident);
        opened.push(incident);
        this.record(incident.id, 'incident_opened', `Incident opened: ${incident.title}`);
        changed = true;
      }
      if (!incident.alerts.includes(alert.fingerprint) || !this.isFiringIn(incident, alert.fingerprint)) {
        if (!incident.alerts.includes(alert.fingerprint)) incident.alerts.push(alert.fingerprint);
        newAlerts.push(alert);
        this.record(incident.id, 'alert_firing', alert.annotations.summary || alert.name, undefined, {
          fingerprint: alert.fingerprint,
          alertname: alert.name,
        });
        changed = true;
      }
      if (severityRank(alert.severity) > severityRank(incident.severity)) {
        incident.severity = alert.severity;
        changed = true;
      }
    }

    for (const incident of this.incidents.filter((i) => i.status === 'open')) {
      for (const fingerprint of incident.alerts) {
        if (!firingNow.has(fingerprint) && this.isFiringIn(incident, fingerprint)) {
          this.record(incident.id, 'alert_resolved', `Alert resolved`, undefined, { fingerprint });
          changed = true;
        }
      }
      if (incident.alerts.some((f) => firingNow.has(f))) {
        this.quietSince.delete(incident.id);
        continue;
      }
      const quietSince = this.quietSince.get(incident.id) ?? at;
      this.quietSince.set(incident.id, quietSince);
      if (at - quietSince >= this.resolveGraceMs) {
        this.quietSince.delete(incident.id);
        incident.status = 'resolved';
        incident.resolvedAt = at;
        this.record(incident.id, 'incident_resolved', 'All alerts resolved');
        changed = true;
      }
    }
    if (changed) this.commit();
    return { opened, newAlerts };
  }

  /** The open incident an alert belongs to, if any. */
  incidentFor(fingerprint: string): Incident | undefined {
    return this.incidents.find((i) => i.status === 'open' && i.alerts.includes(fingerprint));
  }

  record(
    incidentId: string,
    kind: TimelineKind,
    text: string,
    actor?: string,
    data?: Record<string, string>,
  ): TimelineEvent {
    const event: TimelineEvent = {
      id: `${incidentId}:${this.timeline.length + 1}:${this.now()}`,
      incidentId,
      at: this.now(),
      kind,
      text,
      ...(actor ? { actor } : {}),
      ...(data ? { data } : {}),
    };
    this.timeline.push(event);
    this.track(event);
    return event;
  }

  private track(event: TimelineEvent): void {
    const fingerprint = event.data?.fingerprint;
    if (!fingerprint) return;
    if (event.kind === 'alert_firing') this.firing.add(`${event.incidentId}/${fingerprint}`);
    if (event.kind === 'alert_resolved') this.firing.delete(`${event.incidentId}/${fingerprint}`);
  }

  /** Persists and tells listeners; call after a batch of `record`s. */
  commit(): void {
    this.prune();
    if (this.file) writeJsonAtomic(this.file, { incidents: this.incidents, timeline: this.timeline });
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  private isFiringIn(incident: Incident, fingerprint: string): boolean {
    return this.firing.has(`${incident.id}/${fingerprint}`);
  }

  private prune(): void {
    const resolved = this.incidents.filter((i) => i.status === 'resolved');
    if (resolved.length <= MAX_RESOLVED_KEPT) return;
    const drop = new Set(resolved.slice(0, resolved.length - MAX_RESOLVED_KEPT).map((i) => i.id));
    this.incidents = this.incidents.filter((i) => !drop.has(i.id));
    this.timeline = this.timeline.filter((e) => !drop.has(e.incidentId));
  }
}

function groupKey(alert: Alert): string {
  return alert.labels.service ? `service:${alert.labels.service}` : `alert:${alert.name}`;
}

function incidentKey(incident: Incident): string {
  return incident.service ? `service:${incident.service}` : `alert:${incident.title}`;
}

function slug(text: string): string {
  return text.replace(/^[a-z]+:/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
}
