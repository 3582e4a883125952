import type { IncidentBundle } from '../../../shared/api/bundle';
import type { Dashboard } from '../../../shared/model/dashboard';
import type { QueryResult } from '../../../shared/model/series';

export interface BundleDashboard {
  dashboard: Dashboard;
  panelData: Record<string, QueryResult>;
}

/** Every dashboard an incident file carries with its data: the war room first, then the one on screen at export. */
export function bundleDashboards(bundle: IncidentBundle): BundleDashboard[] {
  return [{ dashboard: bundle.dashboard, panelData: bundle.panelData }, ...(bundle.otherDashboards ?? []).map((d) => ({ dashboard: d.dashboard, panelData: d.panelData }))];
}

/** A panel target's data (by panelDataKey), from the dashboard shown first, then from the file's others. */
export function panelDataIn(dashboards: readonly BundleDashboard[], key: string, shownId: string): QueryResult | undefined {
  const shown = dashboards.find((d) => d.dashboard.id === shownId);
  return shown?.panelData[key] ?? dashboards.find((d) => d.panelData[key])?.panelData[key];
}
