import type { Dashboard, Panel } from '../../../shared/model/dashboard';
import type { LiveQuery } from '../../../shared/model/series';

/** About 240 points per range, never finer than 5 s (the demo's scrape interval). */
export function stepFor(rangeSeconds: number): number {
  return Math.max(5, Math.round(rangeSeconds / 240));
}

export function liveQueryId(panelId: string, refId: string): string {
  return `${panelId}/${refId}`;
}

/** Panels that draw from metric targets (logs and deployments have their own calls). */
export function hasMetricTargets(panel: Panel): boolean {
  return panel.kind !== 'logs' && panel.kind !== 'deployments' && panel.targets.length > 0;
}

/** One live query per metric target of the dashboard, at the chosen range. */
export function liveQueriesFor(dashboard: Dashboard, rangeSeconds: number): LiveQuery[] {
  const stepSeconds = stepFor(rangeSeconds);
  return dashboard.panels.filter(hasMetricTargets).flatMap((panel) =>
    panel.targets.map((target) => ({
      id: liveQueryId(panel.id, target.refId),
      ...(target.source ? { source: target.source } : {}),
      expr: target.expr,
      rangeSeconds,
      stepSeconds,
      refreshSeconds: dashboard.refreshSeconds,
    })),
  );
}
