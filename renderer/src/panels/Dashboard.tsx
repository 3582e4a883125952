import type { Panel } from '../../../shared/model/dashboard';
import { visibleText } from '../../../shared/text/visible-text';
import { useStore } from '../store/store';
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

/** The dashboard's panels on a 24-column grid, as the JSON places them. */
export function Dashboard() {
  const dashboard = useStore((s) => s.session?.dashboard);
  if (!dashboard) return null;
  return (
    <div className="dashboard" data-testid="dashboard" tabIndex={-1} id="dashboard" aria-label={visibleText(dashboard.title)}>
      {dashboard.panels.map((panel) => (
        <PanelSlot key={panel.id} panel={panel} />
      ))}
    </div>
  );
}
