import { useMemo } from 'react';
import type { Panel } from '../../../shared/model/dashboard';
import { visibleText } from '../../../shared/text/visible-text';
import { DataStartNotice } from '../dashboards/DataStartNotice';
import { LazyLayoutEditor } from '../app/lazy-views';
import { resolvePanel } from '../dashboards/resolve-panel';
import { useStore } from '../store/store';
import { dashboardWidthPx, panelStepSeconds } from './live-queries';
import { PanelBoundary } from './PanelBoundary';
import { panelFor } from './registry';

function PanelSlot({ panel }: { panel: Panel }) {
  const Component = panelFor(panel.kind);
  return (
    <PanelBoundary panel={panel}>
      <Component panel={panel} />
    </PanelBoundary>
  );
}

/**
 * The dashboard's panels on a 24-column grid, as the JSON places them, with the template
 * variables' values in their queries; `panels` shows only some of them (a wall playlist's
 * slide). On a wall the rows stretch to fill the screen (no scrolling, no dead space below
 * the last row); at a desk they keep their fixed height.
 */
export function Dashboard({ panels: only }: { panels?: readonly Panel[] } = {}) {
  const dashboard = useStore((s) => s.session?.dashboard);
  const wall = useStore((s) => s.wall);
  const states = useStore((s) => s.variableStates);
  const range = useStore((s) => s.effectiveRange());
  // The editor's chunk is fetched when editing starts (app/lazy-views.ts).
  const editingLayout = useStore((s) => s.editingLayout);
  const panels = useMemo(
    () =>
      dashboard
        ? (only ?? dashboard.panels).map((p) => resolvePanel(p, dashboard.variables, states, { stepSeconds: panelStepSeconds(p, range, dashboardWidthPx()), rangeSeconds: range }))
        : [],
    [dashboard, only, states, range],
  );
  if (!dashboard) return null;
  const rows = Math.max(1, ...panels.map((p) => p.grid.y + p.grid.h));
  return (
    <div
      className="dashboard"
      data-testid="dashboard"
      data-dashboard-id={dashboard.id}
      tabIndex={-1}
      id="dashboard"
      aria-label={visibleText(dashboard.title)}
      style={wall ? { gridTemplateRows: `repeat(${rows}, minmax(var(--wall-row-min), 1fr))` } : undefined}
    >
      {panels.map((panel) => (
        <PanelSlot key={panel.id} panel={panel} />
      ))}
      {panels.map((panel) => (
        <DataStartNotice key={`start-${panel.id}`} panel={panel} />
      ))}
      {editingLayout && <LazyLayoutEditor panels={panels} />}
    </div>
  );
}
