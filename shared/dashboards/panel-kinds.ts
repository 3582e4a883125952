import type { z } from 'zod';
import { barsKind } from './kinds/bars';
import { deploymentsKind } from './kinds/deployments';
import { funnelKind } from './kinds/funnel';
import { heatgridKind } from './kinds/heatgrid';
import { logsKind } from './kinds/logs';
import { statKind } from './kinds/stat';
import { timeseriesKind } from './kinds/timeseries';
import { toplistKind } from './kinds/toplist';

/**
 * The panel kinds Lockstep draws, one module each under ./kinds: the options schema and
 * whether the kind reads metric targets. The renderer (renderer/src/panels/registry.ts)
 * maps the same kinds to components, the live queries and the incident export ask
 * `takesMetricTargets`, and the Grafana import maps onto these kinds; adding a kind is a
 * module here plus its component there.
 */
export interface PanelKindSpec {
  readonly kind: string;
  /** For a person: "Time series". */
  readonly label: string;
  readonly optionsSchema: z.ZodType;
  readonly takesMetricTargets: boolean;
}

export const PANEL_KINDS = {
  [timeseriesKind.kind]: timeseriesKind,
  [funnelKind.kind]: funnelKind,
  [logsKind.kind]: logsKind,
  [deploymentsKind.kind]: deploymentsKind,
  [statKind.kind]: statKind,
  [heatgridKind.kind]: heatgridKind,
  [toplistKind.kind]: toplistKind,
  [barsKind.kind]: barsKind,
} as const satisfies Record<string, PanelKindSpec>;

export type PanelKind = keyof typeof PANEL_KINDS;
export const PANEL_KIND_NAMES = Object.keys(PANEL_KINDS) as PanelKind[];

export function isPanelKind(kind: string): kind is PanelKind {
  return Object.hasOwn(PANEL_KINDS, kind);
}

/** The kind's spec, or undefined for a kind this build does not know (its panel says so). */
export function panelKind(kind: string): PanelKindSpec | undefined {
  return isPanelKind(kind) ? PANEL_KINDS[kind] : undefined;
}

/** Whether a panel's `targets` are metric queries to run (false for unknown kinds: nothing is queried for what cannot be drawn). */
export function takesMetricTargets(kind: string): boolean {
  return panelKind(kind)?.takesMetricTargets ?? false;
}
