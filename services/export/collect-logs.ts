import { interpolate } from '../../shared/dashboards/variables';
import { type Dashboard, type Incident, type LogLine, panelOptions } from '../../shared';
import type { SourceSet } from '../datasources/source-set';
import { errorMessage } from '../util/errors';
import type { ProgressReporter } from './export-progress';
import { variableStates } from './collect-panels';

/** Most log lines a file carries. */
export const MAX_EXPORT_LOG_LINES = 20_000;
/** Most lines one request may ask for (shared/model/logs.ts LogQueryRequestSchema). */
const MAX_LINES_PER_REQUEST = 5000;
/** Each query is asked slice by slice so a busy minute cannot crowd the early incident out of the file. */
const SLICE_MS = 20 * 60_000;
/** Sources whose queries are LogQL, where a service's lines are `{service="…"}`. */
const LOGQL_KINDS = new Set(['demo', 'loki']);

export interface CollectedLogs {
  lines: LogLine[];
  /** Lines the sources had for these queries: at least this many when a request was full. */
  referenced: number;
  capped: boolean;
  warnings: string[];
}

function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The services the incident involves: the probable cause's and every member alert's. */
export function incidentServices(incident: Incident): string[] {
  const names = [incident.service, ...(incident.members ?? []).map((m) => m.labels.service)];
  return [...new Set(names.filter((s): s is string => !!s))].sort();
}

/** A dashboard whose logs panels' queries go into the file, with the variables as chosen. */
export interface LogDashboard {
  dashboard: Dashboard;
  variables?: Readonly<Record<string, readonly string[]>> | undefined;
}

/**
 * The queries, most telling first: each service's errors and warnings, the dashboards' logs
 * panels' queries (variables as chosen), then each service's other lines; each once.
 */
export function logQueries(dashboards: readonly LogDashboard[], incident: Incident, logql: boolean, rangeSeconds: number): string[] {
  const services = logql ? incidentServices(incident) : [];
  const panels = dashboards.flatMap(({ dashboard, variables }) => {
    const states = variableStates(dashboard, variables);
    return dashboard.panels
      .filter((p) => p.kind === 'logs')
      .flatMap((p) => {
        const raw = panelOptions(p, 'logs').query;
        return raw ? [interpolate(raw, dashboard.variables ?? [], states, { stepSeconds: 60, rangeSeconds })] : [];
      });
  });
  const queries = [...services.map((s) => `{service=${quoted(s)}, level=~"error|warn"}`), ...panels, ...services.map((s) => `{service=${quoted(s)}}`)];
  return [...new Set(queries)];
}

const lineKey = (l: LogLine) => `${l.time}\u0000${l.nanos ?? ''}\u0000${l.service ?? ''}\u0000${l.message}`;

/**
 * The window's log lines of those queries, each query given an equal share of the cap and
 * asked slice by slice over the window. Lines two queries both return are kept once.
 */
export async function collectLogs(
  sources: SourceSet,
  dashboards: readonly LogDashboard[],
  incident: Incident,
  window: { start: number; end: number },
  options: { cap?: number; signal: AbortSignal; progress: ProgressReporter },
): Promise<CollectedLogs> {
  const cap = options.cap ?? MAX_EXPORT_LOG_LINES;
  if (!sources.has('logs')) return { lines: [], referenced: 0, capped: false, warnings: [] };
  const { source, capability } = sources.pick('logs');
  const queries = logQueries(dashboards, incident, LOGQL_KINDS.has(source.kind), (window.end - window.start) / 1000);
  const slices: { start: number; end: number }[] = [];
  for (let start = window.start; start < window.end; start += SLICE_MS) slices.push({ start, end: Math.min(window.end, start + SLICE_MS) });
  const perRequest = Math.max(1, Math.min(MAX_LINES_PER_REQUEST, Math.floor(cap / Math.max(1, queries.length * slices.length))));

  const seen = new Map<string, LogLine>();
  const warnings: string[] = [];
  let referenced = 0;
  let full = false;
  let done = 0;
  const total = queries.length * slices.length;
  options.progress('logs', 0, total);
  for (const query of queries) {
    let failed: string | undefined;
    for (const slice of slices) {
      if (options.signal.aborted) break;
      if (!failed) {
        try {
          const result = await capability.queryLogs({ query, start: slice.start, end: slice.end, limit: perRequest }, options.signal);
          referenced += result.lines.length;
          if (result.lines.length >= perRequest) full = true;
          for (const line of result.lines) if (seen.size < cap) seen.set(lineKey(line), line);
        } catch (error) {
          if (options.signal.aborted) break;
          failed = `Logs for ${query} not exported: ${errorMessage(error)}`;
        }
      }
      options.progress('logs', ++done, total);
    }
    if (failed) warnings.push(failed);
  }
  const lines = [...seen.values()].sort((a, b) => a.time - b.time);
  return { lines, referenced: Math.max(referenced, lines.length), capped: full || referenced > cap, warnings };
}
