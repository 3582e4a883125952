import {
  BUNDLE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type BundleCaps,
  type Dashboard,
  type ExportedDashboard,
  type IncidentBundle,
  IncidentBundleSchema,
} from '../../shared';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import { collectAlertHistory, incidentAlerts } from './collect-alerts';
import { collectLogs } from './collect-logs';
import { collectPanels, DEFAULT_EXPORT_WIDTH_PX } from './collect-panels';
import { collectTraces, MAX_EXPORT_SPANS, MAX_EXPORT_TRACES, traceReferences } from './collect-traces';
import { type ProgressReporter, silentProgress, throwIfCancelled } from './export-progress';
import { exportWindow, EXPORT_MARGIN_MS } from './export-window';
import { MAX_EXPORT_LOG_LINES } from './collect-logs';

export interface ExportDeps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  /** The session's war room: the dashboard every review carries. */
  dashboard: Dashboard;
  now: () => number;
}

export interface ExportOptions {
  /** The dashboard on screen when it is not the war room, with the variables as chosen there. */
  onScreen?: { dashboard: Dashboard; variables?: Record<string, string[]> };
  widthPx?: number;
  signal?: AbortSignal;
  progress?: ProgressReporter;
  caps?: { traces?: number; spans?: number; logLines?: number };
  /** Said by the caller before collecting (e.g. the dashboard on screen could not be found). */
  warnings?: string[];
}

/**
 * Collects everything the incident is reviewed with into one self-contained file: the
 * panels of the war room (and of the dashboard on screen) over the incident plus 10 minutes
 * each side, its alerts and their state history, the timeline, the window's logs and every
 * trace they, the alerts, exemplars and the timeline reference, within stated caps. A source
 * that fails leaves a warning in the file rather than failing the export: a partial record
 * beats none. Each collector lives in its own module beside this one.
 */
export async function exportIncident(incidentId: string, exportedBy: string, deps: ExportDeps, options: ExportOptions = {}): Promise<{ fileName: string; bundle: IncidentBundle }> {
  const signal = options.signal ?? new AbortController().signal;
  const progress = options.progress ?? silentProgress;
  const widthPx = options.widthPx ?? DEFAULT_EXPORT_WIDTH_PX;
  const incident = deps.incidents.get(incidentId);
  const window = exportWindow(incident, deps.now());
  const warnings: string[] = [...(options.warnings ?? [])];

  const main = await collectPanels(deps.sources, deps.dashboard, window, { widthPx, ...(options.onScreen?.dashboard.id === deps.dashboard.id && options.onScreen.variables ? { variables: options.onScreen.variables } : {}), now: deps.now, signal, progress });
  throwIfCancelled(signal);
  const mainVariables = options.onScreen?.dashboard.id === deps.dashboard.id ? options.onScreen.variables : undefined;
  const otherDashboards: ExportedDashboard[] = [];
  if (options.onScreen && options.onScreen.dashboard.id !== deps.dashboard.id) {
    const { dashboard, variables } = options.onScreen;
    const other = await collectPanels(deps.sources, dashboard, window, { widthPx, ...(variables ? { variables } : {}), now: deps.now, signal, progress });
    otherDashboards.push({ dashboard, ...(variables ? { variables } : {}), ...other });
    throwIfCancelled(signal);
  }

  progress('alerts', 0, 1);
  const timeline = deps.incidents.timelineOf(incidentId);
  const alerts = incidentAlerts(incident, deps.alerts.current().alerts, window.end);
  const alertHistory = await collectAlertHistory(deps.sources, incident, timeline, alerts, window, signal);
  const deployments = deps.sources.has('deploys') ? await deps.sources.pick('deploys').capability.listDeployments(signal).catch(() => []) : [];
  progress('alerts', 1, 1);
  throwIfCancelled(signal);

  const logCap = options.caps?.logLines ?? MAX_EXPORT_LOG_LINES;
  const logs = await collectLogs(deps.sources, [{ dashboard: deps.dashboard, variables: mainVariables }, ...otherDashboards], incident, window, { cap: logCap, signal, progress });
  warnings.push(...logs.warnings);
  throwIfCancelled(signal);

  const allPanelData = [main.panelData, ...otherDashboards.map((d) => d.panelData)].flatMap((d) => Object.values(d));
  const refs = traceReferences({ alerts, timeline, panelData: allPanelData, logs: logs.lines });
  const traceCap = options.caps?.traces ?? MAX_EXPORT_TRACES;
  const spanCap = options.caps?.spans ?? MAX_EXPORT_SPANS;
  const traces = await collectTraces(deps.sources, refs, { cap: traceCap, spanCap, signal, progress });
  warnings.push(...traces.warnings);
  throwIfCancelled(signal);

  const caps: BundleCaps = {
    ...(traces.capped ? { traces: { included: traces.traces.length, referenced: traces.referenced, cap: traceCap, ...(traces.capped === 'spans' ? { spanCap, spans: traces.spans } : {}) } } : {}),
    ...(logs.capped ? { logs: { included: logs.lines.length, referenced: logs.referenced, cap: logCap } } : {}),
  };
  const bundle: IncidentBundle = IncidentBundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: deps.now(),
    exportedBy,
    window: { start: window.start, end: window.end },
    incident,
    timeline,
    alerts,
    deployments,
    dashboard: deps.dashboard,
    panelData: main.panelData,
    logs: logs.lines.sort((a, b) => a.time - b.time),
    traces: traces.traces,
    incidentWindow: window.incident,
    marginMs: EXPORT_MARGIN_MS,
    panelSteps: main.panelSteps,
    ...(mainVariables ? { variables: mainVariables } : {}),
    ...(otherDashboards.length > 0 ? { otherDashboards } : {}),
    alertHistory,
    caps,
    warnings,
  });
  const stamp = new Date(incident.openedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const fileName = `incident-${stamp}-${(incident.service ?? 'alerts').replace(/[^a-z0-9-]/gi, '')}${BUNDLE_EXTENSION}`;
  return { fileName, bundle };
}
