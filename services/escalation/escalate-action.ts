import { LockstepApiError, type Alert, type EscalateRequest, type Incident } from '../../shared';
import { escalationLabels, type EscalationPolicy } from '../../shared/escalation';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { ActionSpec } from '../actions/action-pipeline';
import { escalateIncident, EscalationRefused, escalationSubject } from './escalate';

export interface EscalateDeps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  now: () => number;
  /** The policy the team's Prometheus and Alertmanager run (default: the demo fleet's). */
  escalationPolicy?: EscalationPolicy;
}

type Member = Pick<Alert, 'fingerprint' | 'name' | 'severity' | 'startsAt' | 'labels'> & { source?: string };

/** The incident's alerts still firing, from its members when the model has them, else from the current alert list. */
function firingMembers(incident: Incident, deps: EscalateDeps): Member[] {
  const current = deps.alerts.current().alerts;
  const sourceOf = (fingerprint: string) => current.find((a) => a.fingerprint === fingerprint)?.source;
  if (incident.members) {
    return incident.members.filter((m) => m.endedAt === undefined && !m.inhibited).map((m) => ({ ...m, source: sourceOf(m.fingerprint) }));
  }
  return current.filter((a) => incident.alerts.includes(a.fingerprint) && a.state === 'firing');
}

/**
 * The "Escalate now" action: through the action pipeline (journalled, once per key), it
 * posts the deterministic escalation alert of the incident's main alert (see
 * escalationSubject) for the level. Retrying is safe: the same labels are the same alert.
 */
export function escalateIncidentAction(request: EscalateRequest, deps: EscalateDeps): ActionSpec {
  const target = () => {
    const incident = deps.incidents.get(request.incidentId);
    if (incident.status === 'resolved') throw new LockstepApiError('bad_request', `Incident "${incident.title}" is resolved; there is nothing to escalate.`);
    const members = firingMembers(incident, deps);
    const subject = escalationSubject(members);
    if (!subject) throw new LockstepApiError('bad_request', `Incident "${incident.title}" has no firing alert to escalate.`);
    const member = members.find((m) => m.name === subject.alertname && JSON.stringify(m.labels) === JSON.stringify(subject.labels));
    const { capability } = deps.sources.pick('alerts', member?.source);
    return { incident, subject, capability };
  };
  return {
    kind: 'escalate',
    key: request.idempotencyKey,
    summary: `escalate incident ${request.incidentId} to level ${request.level.toUpperCase()} — ${request.author}`,
    request,
    run: async () => {
      const { subject, capability } = target();
      try {
        return await escalateIncident({ subject, level: request.level, actor: request.author }, { alerts: capability, now: deps.now, ...(deps.escalationPolicy ? { policy: deps.escalationPolicy } : {}) });
      } catch (error) {
        if (error instanceof EscalationRefused) throw new LockstepApiError('bad_request', error.message);
        throw error;
      }
    },
    reconcile: async () => {
      const { subject, capability } = target();
      const wanted = JSON.stringify(Object.entries(escalationLabels(subject, request.level)).sort());
      const listed = await capability.listAlerts();
      const done = listed.some((a) => a.state === 'firing' && JSON.stringify(Object.entries(a.labels).sort()) === wanted);
      return { done, message: done ? `Level ${request.level.toUpperCase()} is already escalated in the alert source.` : 'Not escalated yet.' };
    },
  };
}
