import { takesMetricTargets } from '../../shared/dashboards/panel-kinds';
import { interpolate } from '../../shared/dashboards/variables';
import {
  BUNDLE_EXTENSION,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type Dashboard,
  type IncidentBundle,
  IncidentBundleSchema,
  type LogLine,
  type QueryResult,
  type Trace,
  panelDataKey,
  panelOptions,
} from '../../shared';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import { errorMessage } from '../util/errors';

interface Deps {
  sources: SourceSet;
  alerts: AlertPoller;
  incidents: IncidentTracker;
  dashboard: Dashboard;
  now: () => number;
}

/** Context before the first alert, so the review shows what "normal" looked like. */
const LEAD_IN_MS = 15 * 60_000;
const MAX_TRACES = 25;
const MAX_LOG_LINES = 2000;
const POINTS_PER_PANEL = 360;

/**
 * Collects everything the incident's panels show over its window into one
 * self-contained file. A panel whose source fails is exported with its error as a
 * warning rather than failing the export: a partial record beats none.
 */
export async function exportIncident(incidentId: string, exportedBy: string, deps: Deps): Promise<{ fileName: string; bundle: IncidentBundle }> {
  const incident = deps.incidents.get(incidentId);
  const end = incident.resolvedAt ? incident.resolvedAt + 5 * 60_000 : deps.now();
  const start = incident.openedAt - LEAD_IN_MS;
  const stepSeconds = Math.max(5, Math.ceil((end - start) / 1000 / POINTS_PER_PANEL / 5) * 5);

  const panelData: Record<string, QueryResult> = {};
  // Only kinds that read metric targets (shared/dashboards/panel-kinds.ts), with the variables' saved choices in place.
  const builtins = { stepSeconds, rangeSeconds: (end - start) / 1000 };
  for (const panel of deps.dashboard.panels.filter((p) => takesMetricTargets(p.kind))) {
    for (const target of panel.targets) {
      const expr = interpolate(target.expr, deps.dashboard.variables, {}, builtins);
      panelData[panelDataKey(panel.id, target.refId)] = await queryOrWarning(deps, target.source, expr, start, end, stepSeconds);
    }
  }

  const logs = await collectLogs(deps, start, end);
  const traces = await collectTraces(deps, logs);
  const alertIds = new Set(incident.alerts);
  const bundle: IncidentBundle = IncidentBundleSchema.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: deps.now(),
    exportedBy,
    window: { start, end },
    incident,
    timeline: deps.incidents.timelineOf(incidentId),
    alerts: deps.alerts.current().alerts.filter((a) => alertIds.has(a.fingerprint)),
    deployments: deps.sources.has('deploys') ? await deps.sources.pick('deploys').capability.listDeployments().catch(() => []) : [],
    dashboard: deps.dashboard,
    panelData,
    logs,
    traces,
  });
  const stamp = new Date(incident.openedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const fileName = `incident-${stamp}-${(incident.service ?? 'alerts').replace(/[^a-z0-9-]/gi, '')}${BUNDLE_EXTENSION}`;
  return { fileName, bundle };
}

async function queryOrWarning(deps: Deps, source: string | undefined, expr: string, start: number, end: number, stepSeconds: number): Promise<QueryResult> {
  try {
    return await deps.sources.pick('metrics', source).capability.queryRange({ source, expr, start, end, stepSeconds });
  } catch (error) {
    return { series: [], fetchedAt: deps.now(), warnings: [`Not exported: ${errorMessage(error)}`] };
  }
}

async function collectLogs(deps: Deps, start: number, end: number): Promise<LogLine[]> {
  if (!deps.sources.has('logs')) return [];
  const logPanels = deps.dashboard.panels.filter((p) => p.kind === 'logs');
  const lines: LogLine[] = [];
  for (const panel of logPanels) {
    const raw = panelOptions(panel, 'logs').query;
    if (!raw) continue;
    const query = interpolate(raw, deps.dashboard.variables, {}, { stepSeconds: 60, rangeSeconds: (end - start) / 1000 });
    try {
      const result = await deps.sources.pick('logs').capability.queryLogs({ query, start, end, limit: MAX_LOG_LINES });
      lines.push(...result.lines);
    } catch {
      // The export still carries the metrics and timeline; logs are best effort.
    }
  }
  return lines.slice(0, MAX_LOG_LINES);
}

/** The traces the exported logs point at, so a log line's trace link works offline. */
async function collectTraces(deps: Deps, logs: readonly LogLine[]): Promise<Trace[]> {
  if (!deps.sources.has('traces')) return [];
  const ids = [...new Set(logs.map((l) => l.traceId).filter((id): id is string => !!id))].slice(0, MAX_TRACES);
  const { capability } = deps.sources.pick('traces');
  const traces = await Promise.all(ids.map((id) => capability.getTrace(id).catch(() => undefined)));
  return traces.filter((t): t is Trace => t !== undefined);
}
