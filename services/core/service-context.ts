import type { ReportAssetSource } from '../export/report-assets';
import type { Dashboard, Deployment, SessionInfo } from '../../shared';
import type { RollbackPolicy } from '../../shared/incident/rollback-candidate';
import type { EscalationPolicy } from '../../shared/escalation';
import type { ActionPipeline } from '../actions/action-pipeline';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import type { LiveQueryHub } from '../live/live-queries';
import type { LogTailHub } from '../live/log-tails';
import type { SourceSettings } from './source-settings';
import type { DashboardLibrary } from '../dashboards/dashboard-library';
import type { InstallSigningKey } from '../signing/install-key';

/** What request handlers get: the parts of the running services, already wired. */
export interface ServiceContext {
  sources: SourceSet;
  live: LiveQueryHub;
  /** Each console's live log tails. */
  tails: LogTailHub;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  actions: ActionPipeline;
  /** How long an acknowledgement lasts unless a running console renews it. */
  ackLeaseMs: number;
  /** When a rollback is offered: the window and the call graph (the config's, or the correlation's). */
  rollbackPolicy: RollbackPolicy;
  /** The escalation policy the team's Prometheus and Alertmanager run. */
  escalationPolicy: EscalationPolicy;
  dashboard: Dashboard;
  /** Built-in, config-folder and each person's saved dashboards. */
  dashboards: DashboardLibrary;
  now: () => number;
  session(): SessionInfo;
  broadcastDeployments(deployments: Deployment[]): void;
  /** The settings screen's sources and secrets; absent where the sources were given in code (tests). */
  sourceSettings?: SourceSettings;
  /** This install's key, which signs exported incident files. */
  signingKey: InstallSigningKey;
  /** package.json's version, written into exported files. */
  version: string;
  /** The built HTML report page, for exports saved as the HTML report; absent, only .lockstep files are saved. */
  reportAssets?: ReportAssetSource;
}
