import type { SessionInfo } from '../../../shared/api/session';
import { useStore } from '../store/store';
import { StaleMark } from './StaleMark';

/**
 * The deployer's state is re-sent by the host on every poll, every 10 s
 * (DEPLOY_POLL_MS in services/deploys/deploy-polling.ts; the renderer may not import services).
 */
export const DEPLOYMENTS_REFRESH_SECONDS = 10;

/**
 * The period the alerts list is expected to change on: the host asks Alertmanager every
 * `alertPollSeconds` (its config), so a 30 s poll must not read STALE after two 5 s dashboard
 * refreshes; and never less than the dashboard's period, so a 1 s poll is not held to a 2 s
 * limit a busy host would cross. A host too old to say: the dashboard's period (5 s with no session).
 */
export function alertsRefreshSeconds(session: Pick<SessionInfo, 'alertPollSeconds' | 'dashboard'> | null): number {
  return Math.max(session?.alertPollSeconds ?? 0, session?.dashboard.refreshSeconds ?? 5);
}
const alertsRefresh = (s: { session: SessionInfo | null }) => alertsRefreshSeconds(s.session);

/** On the alerts list: as fresh as the last Alertmanager answer the host passed on. */
export function AlertsStaleMark() {
  const fetchedAt = useStore((s) => s.alertsFetchedAt);
  const refresh = useStore(alertsRefresh);
  return <StaleMark fetchedAt={fetchedAt} refreshSeconds={refresh} testId="alerts-stale" />;
}

/** Incidents are worked out from the alerts (README, "where the truth lives"): exactly as fresh as they are. */
export function IncidentsStaleMark() {
  const fetchedAt = useStore((s) => s.alertsFetchedAt);
  const refresh = useStore(alertsRefresh);
  return <StaleMark fetchedAt={fetchedAt} refreshSeconds={refresh} testId="incidents-stale" />;
}

/** Blue/green: as fresh as the deployer's last state this screen heard. */
export function DeploymentsStaleMark() {
  const receivedAt = useStore((s) => s.deploymentsReceivedAt);
  return <StaleMark fetchedAt={receivedAt} refreshSeconds={DEPLOYMENTS_REFRESH_SECONDS} testId="deployments-stale" />;
}
