import { visibleText } from '../../../shared/text/visible-text';
import type { EventOf } from '../../../shared/api/contract';
import type { RendererClient } from '../api/types';
import type { AppState } from './app-state';

/**
 * A notification lands in the in-app toast list (with Open and Acknowledge). In a browser it
 * also goes to the system via the Notification API when the person allowed it; in Electron
 * the main process already shows a native one, so a second would be noise. Do not disturb
 * lets only critical ones through, here and (by the same setting) natively.
 */
export function notify(event: EventOf<'notification'>, kind: RendererClient['kind'], get: () => AppState): void {
  if (get().doNotDisturb && event.severity !== 'critical') return;
  get().pushToast({
    id: event.id,
    title: event.title,
    body: event.body,
    severity: event.severity,
    ...(event.incidentId ? { incidentId: event.incidentId } : {}),
    ...(event.incidentIds ? { incidentIds: event.incidentIds } : {}),
  });
  if (kind !== 'web') return;
  const api = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!api || api.permission !== 'granted') return;
  try {
    // One per incident in the tray: a reminder replaces what that incident showed before.
    const shown = new api(visibleText(event.title), { body: visibleText(event.body), tag: event.incidentId ?? event.id, requireInteraction: event.severity === 'critical' });
    // One click from the notification to the incident, scoped and ready: whoever was paged lands on what paged them.
    shown.onclick = () => {
      (globalThis as { focus?: () => void }).focus?.();
      openNotified(event, get);
      shown.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the toast is enough.
  }
}

/** Opens what a notification is about: its incident, or for a bundle the incident list at the most severe of them. */
export function openNotified(event: { incidentId?: string | undefined; incidentIds?: string[] | undefined }, get: () => AppState): void {
  const target = event.incidentId ?? event.incidentIds?.[0];
  if (event.incidentIds) get().focus('incidents');
  if (target) get().selectIncident(target);
}

/** Must run inside a click or key handler: browsers ignore the request otherwise. */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  const api = (globalThis as { Notification?: typeof Notification }).Notification;
  if (!api) return 'unsupported';
  if (api.permission !== 'default') return api.permission;
  return api.requestPermission();
}
