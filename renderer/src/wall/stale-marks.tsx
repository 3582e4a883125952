import { useStore } from '../store/store';
import { StaleMark } from './StaleMark';

/**
 * The deployer's state is re-sent by the host on every poll, every 10 s
 * (DEPLOY_POLL_MS in services/deploys/deploy-polling.ts; the renderer may not import services).
 */
export const DEPLOYMENTS_REFRESH_SECONDS = 10;

/** The wall refreshes alerts on the dashboard's period; 5 s when no session says otherwise. */
const wallRefresh = (s: { session: { dashboard: { refreshSeconds: number } } | null }) => s.session?.dashboard.refreshSeconds ?? 5;

/** On the alerts list: as fresh as the last Alertmanager answer the host passed on. */
export function AlertsStaleMark() {
  const fetchedAt = useStore((s) => s.alertsFetchedAt);
  const refresh = useStore(wallRefresh);
  return <StaleMark fetchedAt={fetchedAt} refreshSeconds={refresh} testId="alerts-stale" />;
}

/** Incidents are worked out from the alerts (README, "where the truth lives"): exactly as fresh as they are. */
export function IncidentsStaleMark() {
  const fetchedAt = useStore((s) => s.alertsFetchedAt);
  const refresh = useStore(wallRefresh);
  return <StaleMark fetchedAt={fetchedAt} refreshSeconds={refresh} testId="incidents-stale" />;
}

/** Blue/green: as fresh as the deployer's last state this screen heard. */
export function DeploymentsStaleMark() {
  const receivedAt = useStore((s) => s.deploymentsReceivedAt);
  return <StaleMark fetchedAt={receivedAt} refreshSeconds={DEPLOYMENTS_REFRESH_SECONDS} testId="deployments-stale" />;
}
