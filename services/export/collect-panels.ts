import { takesMetricTargets } from '../../shared/dashboards/panel-kinds';
import { ALL, interpolate, type VariableState } from '../../shared/dashboards/variables';
import { chooseStepSeconds, DEFAULT_MIN_STEP_SECONDS } from '../../shared/model/query-step';
import { type Dashboard, type Panel, type QueryResult, panelDataKey } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';
import { mapBounded } from './bounded';
import type { ProgressReporter } from './export-progress';

/** A laptop screen, as the renderer assumes before it has measured (renderer/src/panels/live-queries.ts). */
export const DEFAULT_EXPORT_WIDTH_PX = 1280;
/** What a timeseries plot loses to its axis and margins, as renderer/src/panels/live-queries.ts counts it. */
const PLOT_CHROME_PX = 60;
/** Most points per series in the file, whatever the screen: a 4K wall does not need to make a 4K-wide file. */
export const MAX_EXPORT_POINTS = 1440;
/** Panel queries in flight at once: enough to hide latency, few enough not to load the source during an incident. */
const PANEL_CONCURRENCY = 4;

export interface CollectedPanels {
  panelData: Record<string, QueryResult>;
  /** The step each target was fetched at, by panelDataKey. */
  panelSteps: Record<string, number>;
}

/**
 * The step a panel drew at on a dashboard `widthPx` wide (one point per pixel of its plot,
 * as renderer/src/panels/live-queries.ts computes it), never more than MAX_EXPORT_POINTS
 * points over the window.
 */
export function exportStepSeconds(panel: Pick<Panel, 'grid'>, rangeSeconds: number, widthPx: number): number {
  const columns = Math.min(24, Math.max(1, panel.grid.w));
  const plot = Math.max(50, Math.round((widthPx * columns) / 24) - PLOT_CHROME_PX);
  return chooseStepSeconds({ rangeSeconds, widthPx: Math.min(plot, MAX_EXPORT_POINTS), minStepSeconds: DEFAULT_MIN_STEP_SECONDS });
}

/** The chosen values as the interpolation reads them; a variable not given keeps the dashboard's saved choice. */
export function variableStates(dashboard: Dashboard, chosen: Readonly<Record<string, readonly string[]>> = {}): Record<string, VariableState> {
  const states: Record<string, VariableState> = {};
  for (const variable of dashboard.variables ?? []) {
    const selected = chosen[variable.name];
    if (!selected || selected.length === 0) continue;
    const options = selected.filter((v) => v !== ALL);
    states[variable.name] = { selected, options: options.length > 0 ? options : variable.options };
  }
  return states;
}

/**
 * Every metric target of every panel that reads them, over the window at the panel's
 * step with the chosen variables in place. A target whose source fails is kept with the
 * reason as its warning: a partial record beats none.
 */
export async function collectPanels(
  sources: SourceSet,
  dashboard: Dashboard,
  window: { start: number; end: number },
  options: { widthPx: number; variables?: Readonly<Record<string, readonly string[]>>; now: () => number; signal: AbortSignal; progress: ProgressReporter },
): Promise<CollectedPanels> {
  const rangeSeconds = (window.end - window.start) / 1000;
  const states = variableStates(dashboard, options.variables);
  const jobs = dashboard.panels
    .filter((p) => takesMetricTargets(p.kind))
    .flatMap((panel) => {
      const stepSeconds = exportStepSeconds(panel, rangeSeconds, options.widthPx);
      return panel.targets.map((target) => ({
        key: panelDataKey(panel.id, target.refId),
        source: target.source,
        expr: interpolate(target.expr, dashboard.variables ?? [], states, { stepSeconds, rangeSeconds }),
        stepSeconds,
      }));
    });
  const panelData: Record<string, QueryResult> = {};
  const panelSteps: Record<string, number> = {};
  let done = 0;
  options.progress('panels', 0, jobs.length);
  await mapBounded(
    jobs,
    PANEL_CONCURRENCY,
    async (job) => {
      panelSteps[job.key] = job.stepSeconds;
      try {
        const { capability } = sources.pick('metrics', job.source);
        panelData[job.key] = await capability.queryRange({ ...(job.source ? { source: job.source } : {}), expr: job.expr, start: window.start, end: window.end, stepSeconds: job.stepSeconds }, options.signal);
      } catch (error) {
        panelData[job.key] = { series: [], fetchedAt: options.now(), warnings: [`Not exported: ${errorMessage(error)}`] };
      }
      options.progress('panels', ++done, jobs.length);
    },
    { signal: options.signal },
  );
  return { panelData, panelSteps };
}
