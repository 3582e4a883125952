import type { Alert, Silence } from '../../shared';

/**
 * An acknowledgement is an Alertmanager silence, so that every console (and
 * Alertmanager's own UI) sees it. This reads it back: the silence muting an alert that
 * was created most recently says who acknowledged, why and until when.
 */
export function withAcknowledgements(alerts: readonly Alert[], silences: readonly Silence[]): Alert[] {
  const byId = new Map(silences.map((s) => [s.id, s]));
  return alerts.map((alert) => {
    const muting = alert.silencedBy
      .map((id) => byId.get(id))
      .filter((s): s is Silence => s !== undefined && s.state === 'active')
      .sort((a, b) => b.startsAt - a.startsAt)[0];
    if (!muting) return alert;
    return {
      ...alert,
      acknowledgement: {
        by: muting.createdBy,
        comment: muting.comment,
        at: muting.startsAt,
        until: muting.endsAt,
        silenceId: muting.id,
      },
    };
  });
}

/** Matchers that select exactly this alert: every label, by equality (as karma does). */
export function matchersFor(alert: Alert): { name: string; value: string; isRegex: boolean; isEqual: boolean }[] {
  return Object.entries(alert.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}
