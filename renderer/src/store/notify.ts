import { visibleText } from '../../../shared/text/visible-text';
import type { EventOf } from '../../../shared/api/contract';
import type { RendererClient } from '../api/types';
import type { AppState } from './app-state';

/**
 * A notification always lands in the in-app toast list. In a browser it also goes to the
 * system via the Notification API when the person allowed it; in Electron the main
 * process already shows a native one, so a second would be noise.
 */
export function notify(event: EventOf<'notification'>, kind: RendererClient['kind'], get: () => AppState): void {
  get().pushToast({ id: event.id, title: event.title, body: event.body, severity: event.severity, incidentId: event.incidentId });
  if (kind !== 'web') return;
  const api = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!api || api.permission !== 'granted') return;
  try {
    const shown = new api(visibleText(event.title), { body: visibleText(event.body), tag: event.id, requireInteraction: event.severity === 'critical' });
    // One click from the notification to the incident, scoped and ready: whoever was paged lands on what paged them.
    shown.onclick = () => {
      (globalThis as { focus?: () => void }).focus?.();
      if (event.incidentId) get().selectIncident(event.incidentId);
      shown.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the toast is enough.
  }
}

/** Must run inside a click or key handler: browsers ignore the request otherwise. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  const api = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!api) return 'unsupported';
  if (api.permission !== 'default') return api.permission;
  return api.requestPermission();
}
