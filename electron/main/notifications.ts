import { visibleText } from '../../shared/text/visible-text';
import type { EventOf } from '../../shared';
import type { LockstepServices } from '../../services/core/lockstep-services';

type NotificationPayload = EventOf<'notification'>;

export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** macOS and Windows: a button of `actions` was pressed (its index). */
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  show(): void;
}

export interface NotificationDeps {
  services: Pick<LockstepServices, 'onEvent'>;
  isSupported(): boolean;
  create(options: { title: string; body: string; urgency: 'critical' | 'normal'; silent: boolean; actions?: Array<{ type: 'button'; text: string }> }): NotificationLike;
  /** Brings the console forward and, when known, opens the incident. */
  focusIncident(incidentId: string | undefined): void;
  /** Opens the acknowledge dialog for the incident (never a silent ack: it asks for a comment). Without it, no Acknowledge button. */
  acknowledgeIncident?(incidentId: string): void;
  /**
   * The person's do-not-disturb setting, kept by the renderer. Off: warnings show natively
   * too. Without it, only critical ones do (as if it were on).
   */
  doNotDisturb?(): Promise<boolean> | boolean;
  log?: (message: string) => void;
}

/** Enough to cover a storm of pages without growing for a wall screen that runs for weeks. */
const REMEMBERED_IDS = 1000;

/**
 * Native notifications: critical ones always, warnings only when the person has not asked
 * for do-not-disturb (info never: the desktop should not train people to dismiss
 * Lockstep). Click opens the incident; on macOS and Windows an Acknowledge button opens
 * its acknowledge dialog. Each id is shown once even if the services re-announce it
 * (restart, reconnect).
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

  /** Critical: now. A warning: once the renderer says do-not-disturb is off. */
  const whenWanted = (payload: NotificationPayload, display: () => void) => {
    if (payload.severity === 'critical') return display();
    if (payload.severity !== 'warning' || !deps.doNotDisturb) return;
    Promise.resolve()
      .then(() => deps.doNotDisturb!())
      .then((dnd) => (dnd ? undefined : display()))
      .catch(() => undefined);
  };

  const show = (payload: NotificationPayload) => {
    if (seen.has(payload.id)) return;
    remember(payload.id);
    whenWanted(payload, () => display(payload));
  };

  const display = (payload: NotificationPayload) => {
    if (!deps.isSupported()) {
      log(`Notification not shown on the desktop (not supported here): ${payload.title}`);
      return;
    }
    const target = payload.incidentId ?? payload.incidentIds?.[0];
    const canAcknowledge = payload.incidentId !== undefined && deps.acknowledgeIncident !== undefined;
    // The OS draws the text: bidi controls from alert labels become visible markers first.
    const notification = deps.create({
      title: visibleText(payload.title),
      body: visibleText(payload.body),
      urgency: payload.severity === 'critical' ? 'critical' : 'normal',
      silent: payload.severity !== 'critical',
      ...(canAcknowledge ? { actions: [{ type: 'button' as const, text: 'Acknowledge' }] } : {}),
    });
    live.set(payload.id, notification);
    notification.on('click', () => deps.focusIncident(target));
    if (canAcknowledge) notification.on('action', (_event, index) => (index === 0 ? deps.acknowledgeIncident!(payload.incidentId!) : undefined));
    notification.on('close', () => live.delete(payload.id));
    notification.show();
  };

  return deps.services.onEvent((envelope) => {
    if (envelope.event === 'notification') show(envelope.payload);
  });
}
