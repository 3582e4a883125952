import { BUNDLE_VERSION } from '../api/bundle';
import { CURRENT_DASHBOARD_VERSION } from '../dashboards/migrations';

/**
 * The version of each model an incident file carries, written into its manifest. Whoever
 * changes one of these models bumps its number here and adds a step to
 * shared/incident-file/migrations.ts (or shared/dashboards/migrations.ts for dashboards),
 * with a test that a file of the previous version still opens.
 */
export const MODEL_VERSIONS: Readonly<Record<string, number>> = {
  bundle: BUNDLE_VERSION,
  dashboard: CURRENT_DASHBOARD_VERSION,
  incident: 1,
  timeline: 1,
  alerts: 1,
  logs: 1,
  traces: 1,
  deployments: 1,
};
