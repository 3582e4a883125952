import type { Dashboard, Deployment, SessionInfo } from '../../shared';
import type { ActionPipeline } from '../actions/action-pipeline';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { LiveQueryHub } from '../live/live-queries';

/** What request handlers get: the parts of the running services, already wired. */
export interface ServiceContext {
  sources: SourceSet;
  live: LiveQueryHub;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  actions: ActionPipeline;
  dashboard: Dashboard;
  now: () => number;
  session(): SessionInfo;
  broadcastDeployments(deployments: Deployment[]): void;
}
