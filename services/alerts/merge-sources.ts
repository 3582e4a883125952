import type { Alert } from '../../shared';

/**
 * One list from several independent alert sources (separate Alertmanagers or clusters,
 * in config order), one entry per fingerprint — the same labels are the same alert, as
 * when one Prometheus sends to two teams' Alertmanagers. The first source that lists it is
 * its `source`: actions on it go there, so its silences, inhibition and acknowledgement
 * are the ones shown, and what a person does changes what they see. `sources` names them
 * all. It fires while any source says it fires, and started at the earliest start any saw.
 */
export function mergeSourceAlerts(bySource: ReadonlyArray<{ sourceId: string; alerts: readonly Alert[] }>): Alert[] {
  if (bySource.length === 1) return [...bySource[0]!.alerts];
  const merged = new Map<string, Alert>();
  for (const { sourceId, alerts } of bySource) {
    for (const alert of alerts) {
      const first = merged.get(alert.fingerprint);
      if (!first) {
        merged.set(alert.fingerprint, alert);
        continue;
      }
      const firing = first.state === 'firing' || alert.state === 'firing';
      const receivers = [...new Set([...(first.receivers ?? []), ...(alert.receivers ?? [])])];
      const { endsAt: _ended, ...rest } = first;
      const endsAt = Math.max(first.endsAt ?? 0, alert.endsAt ?? 0);
      merged.set(alert.fingerprint, {
        ...rest,
        state: firing ? 'firing' : 'resolved',
        startsAt: Math.min(first.startsAt, alert.startsAt),
        ...(firing ? {} : { endsAt }),
        ...(receivers.length > 0 ? { receivers } : {}),
        sources: [...new Set([...(first.sources ?? [first.source]), sourceId])],
      });
    }
  }
  return [...merged.values()];
}
