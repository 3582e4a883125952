import {
  LockstepApiError,
  type MethodName,
  type RequestOf,
  type ResponseOf,
} from '../../../shared/api/contract';
import { type IncidentBundle, panelDataKey } from '../../../shared/api/bundle';
import { type TraceOperation, TraceSearchRequestSchema } from '../../../shared/model/trace-search';
import { sortSummaries, summarizeTrace, traceMatches } from '../../../shared/trace/summary';
import { encodeTraceColumns } from '../../../shared/trace/columns-codec';
import { bundleDashboards, panelDataIn } from './bundle-dashboards';
import type { SessionInfo } from '../../../shared/api/session';
import { EventHub } from './event-hub';
import { Listeners } from './listeners';
import type { ConnectionState, RendererClient } from './types';

const READ_ONLY =
  'This is an offline incident file, so nothing can be changed from here. Leave offline review to act on live systems.';

type Answer<M extends MethodName> = (request: RequestOf<M>) => ResponseOf<M>;

/** The window of the file each bundle client answers from, for the replay clock (renderer/src/replay/replay-slice.ts). */
const windows = new WeakMap<RendererClient, { start: number; end: number }>();

/** The incident window of the file a client reads, or undefined for a live client. */
export function incidentFileWindow(client: RendererClient | null): { start: number; end: number } | undefined {
  return client ? windows.get(client) : undefined;
}

/**
 * A read-only client that answers every method from an opened incident file. It never
 * touches the network: panels, alerts, the timeline, logs and traces come from the
 * bundle; actions are refused with `read_only`.
 */
export function createBundleClient(bundle: IncidentBundle, fileName: string): RendererClient {
  const hub = new EventHub();
  const connection: ConnectionState = { status: 'offline', attempt: 0, message: `Reviewing ${fileName}` };

  const panelDataByExpr = (expr: string) => {
    for (const panel of bundle.dashboard.panels) {
      for (const target of panel.targets) {
        if (target.expr !== expr) continue;
        const data = bundle.panelData[panelDataKey(panel.id, target.refId)];
        if (data) return data;
      }
    }
    return undefined;
  };

  const bundleDashboard = {
    dashboard: bundle.dashboard,
    summary: { id: bundle.dashboard.id, title: bundle.dashboard.title, origin: 'built-in' as const, panels: bundle.dashboard.panels.length },
  };
  // The dashboard on screen at export travels too (shared/api/bundle.ts otherDashboards); live queries answer from the one shown.
  const carried = bundleDashboards(bundle);
  let shownDashboardId = bundle.dashboard.id;

  const refuse = (): never => {
    throw new LockstepApiError('read_only', READ_ONLY);
  };

  const answers: { [M in MethodName]: Answer<M> } = {
    getSession: (): SessionInfo => ({
      product: 'Lockstep',
      version: `incident file v${bundle.version}`,
      mode: 'bundle',
      host: 'offline',
      readOnly: true,
      defaultActor: bundle.exportedBy,
      sources: [],
      dashboard: bundle.dashboard,
      serverTime: bundle.window.end,
    }),
    queryRange: (request) => {
      const data = panelDataByExpr(request.expr);
      if (!data) throw new LockstepApiError('not_found', 'This incident file holds no data for that query.');
      return data;
    },
    setLiveQueries: (request) => {
      // Answer like the live services would: one queryResult per query, after the reply.
      queueMicrotask(() => {
        for (const query of request.queries) {
          const data = panelDataIn(carried, query.id, shownDashboardId);
          hub.emitRaw('queryResult', {
            queryId: query.id,
            ...(data ? { result: data } : { error: 'This incident file holds no data for this panel.' }),
            at: bundle.exportedAt,
          });
        }
      });
      return { accepted: request.queries.length };
    },
    queryLogs: (request) => {
      // The file holds exactly the incident window's lines, so every line is in range.
      const lines = [...bundle.logs].sort((a, b) => b.time - a.time).slice(0, request.limit ?? 200);
      return { lines, fetchedAt: bundle.exportedAt, warnings: [] };
    },
    getTrace: (request) => {
      const wanted = request.traceId.toLowerCase();
      const trace = bundle.traces.find((t) => t.traceId.toLowerCase() === wanted);
      if (!trace) {
        // A file that hit its trace cap says so (shared/api/bundle.ts `caps`): the trace was left out, not lost.
        const cap = bundle.caps?.traces;
        throw new LockstepApiError(
          'not_found',
          cap
            ? `Trace ${request.traceId} is not in this incident file: ${cap.included} of ${cap.referenced} traces included (cap ${cap.spanCap !== undefined ? `${cap.spanCap.toLocaleString('en')} spans` : cap.cap}).`
            : `Trace ${request.traceId} is not in this incident file; only the ${bundle.traces.length} trace(s) captured at export can be opened offline.`,
        );
      }
      return trace;
    },
    getTraceColumns: (request) => encodeTraceColumns(answers.getTrace(request)),
    // The file's traces are all there is to search: matched and summarised here, as a trace backend would.
    searchTraces: (request) => {
      const query = TraceSearchRequestSchema.parse(request);
      const found = bundle.traces.filter((t) => traceMatches(t, query)).map(summarizeTrace);
      const sorted = sortSummaries(found, query.sort);
      return { traces: sorted.slice(0, query.limit), warnings: [], limitReached: sorted.length > query.limit };
    },
    traceServices: () => ({ services: [...new Set(bundle.traces.flatMap((t) => t.spans.map((s) => s.service)))].sort() }),
    traceOperations: (request) => {
      const names = new Map<string, TraceOperation>();
      for (const trace of bundle.traces) {
        for (const s of trace.spans) {
          if (s.service !== request.service || (request.spanKind && s.kind !== request.spanKind)) continue;
          names.set(`${s.operation}\u0000${s.kind}`, { name: s.operation, spanKind: s.kind });
        }
      }
      return { operations: [...names.values()].sort((a, b) => a.name.localeCompare(b.name) || (a.spanKind ?? '').localeCompare(b.spanKind ?? '')) };
    },
    traceTagNames: () => ({ tagNames: [...new Set(bundle.traces.flatMap((t) => t.spans.flatMap((s) => Object.keys(s.attributes))))].sort() }),
    // A file does not change: there is nothing to follow live.
    startLogTail: () => {
      throw new LockstepApiError('read_only', 'This is an offline incident file: its logs are the lines captured at export, so there is nothing to follow live.');
    },
    stopLogTail: () => ({ stopped: false }),
    listAlerts: () => ({ alerts: bundle.alerts, fetchedAt: bundle.exportedAt }),
    acknowledgeAlert: refuse,
    acknowledgeIncident: refuse,
    unacknowledgeIncident: refuse,
    resolveIncident: refuse,
    escalateIncident: refuse,
    addIncidentNote: refuse,
    listDeployments: () => ({ deployments: bundle.deployments }),
    rollback: refuse,
    previewRollback: refuse,
    shiftTraffic: refuse,
    listIncidents: () => ({ incidents: [bundle.incident], timeline: bundle.timeline }),
    // Nothing is pending in a file: its actions ended before it was exported.
    listActions: () => ({ actions: [] }),
    exportIncident: refuse,
    cancelExport: () => ({ cancelled: false }),
    // Offline review exports nothing (the file is already the export), so there is no report to assemble either.
    htmlReportStatus: () => ({ available: false, problem: READ_ONLY }),
    // An incident file has no sources to set up: Settings belongs to a live console.
    listSourceSettings: refuse,
    saveSource: refuse,
    removeSource: refuse,
    testSource: refuse,
    setCredential: refuse,
    deleteCredential: refuse,
    exportSourceSettings: refuse,
    importSourceSettings: refuse,
    // The file holds the one dashboard it was exported with; it can be looked at and written out, not changed.
    listDashboards: () => ({
      dashboards: carried.map(({ dashboard }) => ({ id: dashboard.id, title: dashboard.title, origin: 'built-in' as const, panels: dashboard.panels.length })),
      problems: [],
    }),
    getDashboard: (request) => {
      const found = carried.find((d) => d.dashboard.id === request.id);
      if (!found) throw new LockstepApiError('not_found', `This incident file holds only the dashboard${carried.length > 1 ? 's' : ''} ${carried.map((d) => `"${d.dashboard.title}"`).join(' and ')}.`);
      shownDashboardId = found.dashboard.id;
      return found.dashboard.id === bundle.dashboard.id ? bundleDashboard : { dashboard: found.dashboard, summary: { id: found.dashboard.id, title: found.dashboard.title, origin: 'built-in' as const, panels: found.dashboard.panels.length } };
    },
    saveDashboard: refuse,
    deleteDashboard: refuse,
    duplicateDashboard: refuse,
    importDashboard: refuse,
    exportDashboard: () => ({ fileName: `${bundle.dashboard.id}.lockstep-dashboard.json`, text: `${JSON.stringify(bundle.dashboard, null, 2)}\n` }),
    variableValues: () => {
      throw new LockstepApiError('read_only', 'This is an offline incident file: its panels hold the data captured at export, so variables keep the values chosen then.');
    },
  };

  const client: RendererClient = {
    kind: 'bundle',
    async call<M extends MethodName>(name: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
      const answer = answers[name] as Answer<M>;
      return answer(request);
    },
    on: (name, listener) => hub.on(name, listener),
    connection: () => connection,
    onConnection: (listener) => new Listeners<ConnectionState>().add(listener),
    onProtocolError: (listener) => hub.protocolErrors.add(listener),
    close: () => undefined,
  };
  windows.set(client, { start: bundle.window.start, end: bundle.window.end });
  return client;
}
