import type { Alert, EventOf } from '../../shared';
import type { IncidentTracker } from '../incidents/incident-tracker';

/** Enough remembered firings to never page twice for one; the oldest are forgotten past it. */
const MAX_REMEMBERED = 10_000;

/** Critical alerts that nobody has silenced (an acknowledgement is a silence) and nothing inhibits wake people; the rest wait on the screen. */
export function shouldNotify(alert: Alert): boolean {
  return alert.severity === 'critical' && alert.silencedBy.length === 0 && (alert.inhibitedBy?.length ?? 0) === 0;
}

interface Deps {
  incidents: Pick<IncidentTracker, 'incidentFor' | 'record' | 'commit'>;
  send(notification: EventOf<'notification'>): void;
}

/**
 * Which alerts notify the consoles, and the record of it: once per firing (fingerprint
 * and start time, so a re-fire after it resolved notifies again), written on the
 * incident's timeline so the review shows who was told and when.
 */
export class AlertNotifier {
  private readonly notified = new Set<string>();

  constructor(private readonly deps: Deps) {}

  /** Called with the alerts that just started firing in an incident. */
  notify(alerts: readonly Alert[]): void {
    let recorded = false;
    for (const alert of alerts) {
      if (!shouldNotify(alert)) continue;
      const id = `${alert.fingerprint}:${alert.startsAt}`;
      if (this.notified.has(id)) continue;
      this.remember(id);
      const incident = this.deps.incidents.incidentFor(alert.fingerprint);
      const summary = alert.annotations.summary ?? alert.name;
      this.deps.send({
        id,
        title: `Critical: ${alert.name}`,
        body: summary,
        severity: alert.severity,
        alertFingerprint: alert.fingerprint,
        ...(incident ? { incidentId: incident.id } : {}),
      });
      if (incident) {
        this.deps.incidents.record(incident.id, 'notified', `Notified consoles: ${summary}`);
        recorded = true;
      }
    }
    if (recorded) this.deps.incidents.commit();
  }

  private remember(id: string): void {
    this.notified.add(id);
    if (this.notified.size > MAX_REMEMBERED) this.notified.delete(this.notified.values().next().value!);
  }
}
