import type { ComponentType } from 'react';
import type { PanelKind } from '../../../shared/dashboards/panel-kinds';
import { BarsPanel } from './BarsPanel';
import { DeploymentsPanel } from './DeploymentsPanel';
import { FunnelPanel } from './FunnelPanel';
import { HeatgridPanel } from './HeatgridPanel';
import { LogsPanel } from './LogsPanel';
import type { PanelProps } from './PanelFrame';
import { StatPanel } from './StatPanel';
import { TimeseriesPanel } from './TimeseriesPanel';
import { ToplistPanel } from './ToplistPanel';
import { UnknownPanel } from './UnknownPanel';

/**
 * Panel kind → the component that draws it: the renderer's half of the panel-kind registry
 * (shared/dashboards/panel-kinds.ts holds each kind's options schema and whether it reads
 * metric targets). Typed by the shared kinds, so a kind added there without a component
 * here fails the type check.
 */
export const panelRegistry: Readonly<Record<PanelKind, ComponentType<PanelProps>>> = {
  timeseries: TimeseriesPanel,
  funnel: FunnelPanel,
  logs: LogsPanel,
  deployments: DeploymentsPanel,
  stat: StatPanel,
  heatgrid: HeatgridPanel,
  toplist: ToplistPanel,
  bars: BarsPanel,
};

export function panelFor(kind: string): ComponentType<PanelProps> {
  return Object.hasOwn(panelRegistry, kind) ? panelRegistry[kind as PanelKind] : UnknownPanel;
}
