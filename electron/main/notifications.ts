import { visibleText } from '../../shared/text/visible-text';
import type { EventOf } from '../../shared';
import type { LockstepServices } from '../../services/core/lockstep-services';

type NotificationPayload = EventOf<'notification'>;

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotificationDeps {
  services: Pick<LockstepServices, 'onEvent'>;
  isSupported(): boolean;
  create(options: { title: string; body: string; urgency: 'critical'; silent: boolean }): NotificationLike;
  /** Brings the console forward and, when known, opens the incident. */
  focusIncident(incidentId: string | undefined): void;
  log?: (message: string) => void;
}

/** Enough to cover a storm of pages without growing for a wall screen that runs for weeks. */
const REMEMBERED_IDS = 1000;

/**
 * Native notifications for critical pages only: warnings stay in the console so the
 * desktop does not train people to dismiss Lockstep. Each page id is shown once even if
 * the services re-announce it (restart, reconnect).
 */
export function startNotifications(deps: NotificationDeps): () => void {
  const seen = new Set<string>();
  // Electron drops click handlers of notifications that get garbage-collected.
  const live = new Map<string, NotificationLike>();
  const log = deps.log ?? ((message: string) => console.warn(`[lockstep] ${message}`));

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > REMEMBERED_IDS) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
  };

  const show = (payload: NotificationPayload) => {
    if (payload.severity !== 'critical' || seen.has(payload.id)) return;
    remember(payload.id);
    if (!deps.isSupported()) {
      log(`Critical page not shown as a desktop notification (not supported here): ${payload.title}`);
      return;
    }
    // The OS draws the text: bidi controls from alert labels become visible markers first.
    const notification = deps.create({ title: visibleText(payload.title), body: visibleText(payload.body), urgency: 'critical', silent: false });
    live.set(payload.id, notification);
    notification.on('click', () => deps.focusIncident(payload.incidentId));
    notification.on('close', () => live.delete(payload.id));
    notification.show();
  };

  return deps.services.onEvent((envelope) => {
    if (envelope.event === 'notification') show(envelope.payload);
  });
}
