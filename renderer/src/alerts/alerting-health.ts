import type { AlertingHealth } from '../../../shared/model/alerts';
import { formatClockIn } from '../support/time-format';

/** "alerting is blind since 14:02: …", or undefined while alerting can be trusted. */
/** `formatTime` is the person's time format (see renderer/src/support/time-format.ts). */
export function blindText(health: AlertingHealth | undefined, formatTime: (ms: number) => string = (ms) => formatClockIn(ms, 'local')): string | undefined {
  if (!health?.blind) return undefined;
  const since = health.since ? ` since ${formatTime(health.since)}` : '';
  return `Alerting is blind${since}: ${health.reasons.join('; ') || 'unknown reason'}`;
}

/**
 * Why acknowledging cannot work now: the alert source does not answer (so a silence cannot
 * be made there). A missing watchdog alone does not stop it: Alertmanager still takes silences.
 */
export function alertingBlockedReason(health: AlertingHealth | undefined, alertsError: string | undefined): string | undefined {
  if (health?.alertSourceDown || alertsError) return `Alertmanager is not answering, so nothing can be acknowledged now${alertsError ? ` (${alertsError})` : ''}.`;
  return undefined;
}
