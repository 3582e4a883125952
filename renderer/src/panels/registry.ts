import type { ComponentType } from 'react';
import { DeploymentsPanel } from './DeploymentsPanel';
import { FunnelPanel } from './FunnelPanel';
import { LogsPanel } from './LogsPanel';
import type { PanelProps } from './PanelFrame';
import { StatPanel } from './StatPanel';
import { TimeseriesPanel } from './TimeseriesPanel';
import { UnknownPanel } from './UnknownPanel';

/** Panel kind (from the dashboard JSON) → the component that draws it. */
export const panelRegistry: Readonly<Record<string, ComponentType<PanelProps>>> = {
  timeseries: TimeseriesPanel,
  funnel: FunnelPanel,
  logs: LogsPanel,
  deployments: DeploymentsPanel,
  stat: StatPanel,
};

export function panelFor(kind: string): ComponentType<PanelProps> {
  return Object.hasOwn(panelRegistry, kind) ? panelRegistry[kind]! : UnknownPanel;
}
