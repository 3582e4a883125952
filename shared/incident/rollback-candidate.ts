import { type Color, type Deployment, otherColor } from '../model/deploy';
import type { Incident } from '../model/incident';

/** A release switched this long before an incident opened is a suspect. */
export const SUSPECT_WINDOW_MS = 30 * 60_000;

export interface RollbackCandidate {
  service: string;
  /** The colour to switch back to. */
  target: Color;
  /** Why this service: said next to the button. */
  reason: string;
}

/**
 * Which switch-back to offer for an incident. A bad release makes every caller of the
 * broken service fail too, so the incident on `ride-service` is often caused by a
 * release of `lock-service`: the most recent traffic switch shortly before the incident
 * opened is the suspect, whichever service the alert names. With no recent switch, the
 * incident's own service is offered.
 */
export function rollbackCandidate(incident: Incident, deployments: readonly Deployment[]): RollbackCandidate | undefined {
  const suspects = deployments
    .filter((d) => d.switchedAt !== undefined && d.switchedAt >= incident.openedAt - SUSPECT_WINDOW_MS && d.switchedAt <= incident.openedAt)
    .sort((a, b) => (b.switchedAt ?? 0) - (a.switchedAt ?? 0));
  const own = suspects.find((d) => d.service === incident.service);
  const suspect = own ?? suspects[0];
  if (suspect && suspect.colors[otherColor(suspect.active)]) {
    const minutes = Math.max(1, Math.round((incident.openedAt - (suspect.switchedAt ?? 0)) / 60_000));
    return {
      service: suspect.service,
      target: otherColor(suspect.active),
      reason: `${suspect.service} switched to ${suspect.active} ${minutes} min before this incident opened`,
    };
  }
  const deployment = deployments.find((d) => d.service === incident.service);
  if (!deployment || !deployment.colors[otherColor(deployment.active)]) return undefined;
  return {
    service: deployment.service,
    target: otherColor(deployment.active),
    reason: `switch ${deployment.service} back to its other colour`,
  };
}
