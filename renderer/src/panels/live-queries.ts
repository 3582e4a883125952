import type { Dashboard, Panel } from '../../../shared/model/dashboard';
import { chooseStepSeconds, DEFAULT_MIN_STEP_SECONDS } from '../../../shared/model/query-step';
import type { LiveQuery } from '../../../shared/model/series';
import { takesMetricTargets } from '../../../shared/dashboards/panel-kinds';
import type { VariableState } from '../../../shared/dashboards/variables';
import { resolvePanel } from '../dashboards/resolve-panel';

/** The dashboard's width when nothing has measured it (tests, a window not shown yet): a laptop screen. */
export const DEFAULT_DASHBOARD_WIDTH_PX = 1280;

/** What a timeseries panel's plot loses to its y-axis and margins (TimeseriesPanel draws `width - 60`). */
const PLOT_CHROME_PX = 60;

/** How wide the dashboard is now, in CSS pixels. */
export function dashboardWidthPx(): number {
  const width = typeof window === 'undefined' ? 0 : window.innerWidth;
  return width > 0 ? width : DEFAULT_DASHBOARD_WIDTH_PX;
}

/** The plot width of a panel on a 24-column dashboard `widthPx` wide. */
export function plotWidthPx(panel: Panel, widthPx: number): number {
  const columns = Math.min(24, Math.max(1, panel.grid.w));
  return Math.max(50, Math.round((widthPx * columns) / 24) - PLOT_CHROME_PX);
}

/**
 * The step of a panel's queries: about one point per pixel of its plot, never finer than
 * the scrape interval, never over 11,000 points (shared/model/query-step.ts).
 */
export function panelStepSeconds(panel: Panel, rangeSeconds: number, widthPx = DEFAULT_DASHBOARD_WIDTH_PX): number {
  return chooseStepSeconds({ rangeSeconds, widthPx: plotWidthPx(panel, widthPx), minStepSeconds: DEFAULT_MIN_STEP_SECONDS });
}

export function liveQueryId(panelId: string, refId: string): string {
  return `${panelId}/${refId}`;
}

/** Panels that draw from metric targets, as the panel-kind registry says (logs and deployments have their own calls). */
export function hasMetricTargets(panel: Panel): boolean {
  return takesMetricTargets(panel.kind) && panel.targets.length > 0;
}

/**
 * One live query per metric target of the dashboard, at the chosen range, each at its
 * panel's step, with the template variables' chosen values in place.
 */
export function liveQueriesFor(
  dashboard: Pick<Dashboard, 'panels' | 'refreshSeconds'> & Partial<Pick<Dashboard, 'variables'>>,
  rangeSeconds: number,
  widthPx = DEFAULT_DASHBOARD_WIDTH_PX,
  variableStates: Readonly<Record<string, VariableState>> = {},
): LiveQuery[] {
  return dashboard.panels.filter(hasMetricTargets).flatMap((raw) => {
    const stepSeconds = panelStepSeconds(raw, rangeSeconds, widthPx);
    const panel = resolvePanel(raw, dashboard.variables ?? [], variableStates, { stepSeconds, rangeSeconds });
    return panel.targets.map((target) => ({
      id: liveQueryId(panel.id, target.refId),
      ...(target.source ? { source: target.source } : {}),
      expr: target.expr,
      rangeSeconds,
      stepSeconds,
      refreshSeconds: dashboard.refreshSeconds,
    }));
  });
}
