import type { EventOf } from '../../../shared/api/contract';
import type { AcknowledgeRequest, ActionResult } from '../../../shared/api/actions';
import { type Alert, type AlertingHealth, compareSeverity } from '../../../shared/model/alerts';
import { errorText } from '../api/parse';
import type { SliceCreator } from './app-state';
import { keepIfSame } from './same-value';

export interface AlertsSlice {
  alerts: Alert[];
  alertsFetchedAt?: number;
  alertsError?: string;
  alertsLoading: boolean;
  /** Whether alerting can be trusted now (blind: an alert source, Prometheus or the watchdog is missing). */
  alertingHealth?: AlertingHealth;
  selectedAlert?: string;
  loadAlerts(): Promise<void>;
  applyAlerts(event: EventOf<'alerts'>): void;
  selectAlert(fingerprint: string | undefined): void;
  moveAlertSelection(delta: number): void;
  acknowledge(request: AcknowledgeRequest): Promise<ActionResult>;
}

export const alertsInitial = {
  alerts: [] as Alert[],
  alertsFetchedAt: undefined,
  alertsError: undefined,
  alertsLoading: false,
  alertingHealth: undefined as AlertingHealth | undefined,
  selectedAlert: undefined,
};

/** Firing before resolved, unacknowledged before acknowledged, worst first, newest first. */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(a.state !== 'firing') - Number(b.state !== 'firing') ||
      Number(isMuted(a)) - Number(isMuted(b)) ||
      compareSeverity(a.severity, b.severity) ||
      b.startsAt - a.startsAt,
  );
}

/** Acknowledged, silenced or inhibited: it notifies nobody. */
export function isMuted(alert: Alert): boolean {
  return alert.acknowledgement !== undefined || alert.silencedBy.length > 0 || (alert.inhibitedBy?.length ?? 0) > 0;
}

export const createAlertsSlice: SliceCreator<AlertsSlice> = (set, get) => ({
  ...alertsInitial,

  async loadAlerts() {
    const client = get().client;
    if (!client) return;
    set({ alertsLoading: true });
    try {
      const result = await client.call('listAlerts', {});
      if (get().client === client) get().applyAlerts(result);
    } catch (error) {
      if (get().client === client) set({ alertsError: errorText(error) });
    } finally {
      if (get().client === client) set({ alertsLoading: false });
    }
  },

  applyAlerts(event) {
    // No list: the same alerts as last time, only fresher.
    // The health comes with every poll, the same nearly always: the old object is kept, so
    // what shows it (the ribbon, the alerts, the incidents) is not drawn again each poll.
    const alertingHealth = keepIfSame(get().alertingHealth, event.health);
    if (!event.alerts) {
      set({ alertsFetchedAt: event.fetchedAt, alertsError: event.error, alertingHealth });
      return;
    }
    const alerts = sortAlerts(event.alerts);
    const selected = get().selectedAlert;
    set({
      alerts,
      alertsFetchedAt: event.fetchedAt,
      alertsError: event.error,
      alertingHealth,
      selectedAlert: selected && alerts.some((a) => a.fingerprint === selected) ? selected : undefined,
    });
  },

  selectAlert(fingerprint) {
    set({ selectedAlert: fingerprint });
  },

  moveAlertSelection(delta) {
    const { alerts, selectedAlert } = get();
    if (alerts.length === 0) return;
    const index = alerts.findIndex((a) => a.fingerprint === selectedAlert);
    const next = index < 0 ? (delta > 0 ? 0 : alerts.length - 1) : Math.min(alerts.length - 1, Math.max(0, index + delta));
    set({ selectedAlert: alerts[next]?.fingerprint });
  },

  async acknowledge(request) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('acknowledgeAlert', request);
    void get().loadAlerts();
    return result;
  },
});
