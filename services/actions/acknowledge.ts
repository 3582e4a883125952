import { type AcknowledgeRequest, LockstepApiError } from '../../shared';
import { matchersFor } from '../alerts/acknowledgements';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { ActionSpec } from './action-pipeline';

interface Deps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  now: () => number;
}

/** Acknowledging creates a silence in the alert's own source, so every console sees who did it. */
export function acknowledgeAction(request: AcknowledgeRequest, deps: Deps): ActionSpec {
  const alert = deps.alerts.current().alerts.find((a) => a.fingerprint === request.fingerprint);
  if (!alert) {
    throw new LockstepApiError('not_found', 'That alert is no longer active; it may have resolved already.');
  }
  const { capability } = deps.sources.pick('alerts', alert.source);
  return {
    kind: 'acknowledge',
    key: request.idempotencyKey,
    summary: `${request.author} acknowledges ${alert.name} (${alert.fingerprint}) for ${request.durationMinutes} min`,
    async run() {
      const startsAt = deps.now();
      const endsAt = startsAt + request.durationMinutes * 60_000;
      const { silenceId } = await capability.createSilence({
        matchers: matchersFor(alert),
        startsAt,
        endsAt,
        createdBy: request.author,
        comment: request.comment,
      });
      const incident = deps.incidents.incidentFor(alert.fingerprint);
      if (incident) {
        deps.incidents.record(
          incident.id,
          'acknowledged',
          `${request.author} acknowledged ${alert.name} for ${request.durationMinutes} min: ${request.comment}`,
          request.author,
          { fingerprint: alert.fingerprint, silenceId },
        );
        deps.incidents.commit();
      }
      // Poll now so every console shows the acknowledgement without waiting a cycle.
      void deps.alerts.poll();
      return `Acknowledged ${alert.name} until ${new Date(endsAt).toISOString()} (silence ${silenceId})`;
    },
  };
}
