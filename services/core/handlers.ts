import {
  type MethodName,
  type ParsedRequestOf,
  type ResponseOf,
} from '../../shared';
import { acknowledgeAction, acknowledgeIncidentAction, resolveIncidentAction, unacknowledgeIncidentAction } from '../actions/acknowledge';
import { previewRollback, rollback, rollbackDeps } from '../actions/rollback';
import { previewShift, shiftTraffic } from '../actions/shift-traffic';
import { handleExportIncident } from '../export/export-handler';
import { cancelExport } from '../export/export-progress';
import { REPORT_NOT_BUILT } from '../export/report-assets';
import { escalateIncidentAction } from '../escalation/escalate-action';
import { addNoteAction } from '../incidents/incident-notes';
import { searchTraces, traceOperations, traceServices, traceTagNames } from '../traces/trace-queries';
import { TraceColumnsCache } from '../traces/trace-columns-cache';
import { columnsWithHead, traceProgressTo } from '../traces/trace-progress';
import { encodeTraceColumns } from '../../shared/trace/columns-codec';
import type { ClientSession } from './client';
import { settingsHandlers } from './settings-handlers';
import { dashboardHandlers } from '../dashboards/dashboard-handlers';
import type { ServiceContext } from './service-context';

type Handler<M extends MethodName> = (
  request: ParsedRequestOf<M>,
  client: ClientSession,
  ctx: ServiceContext,
) => Promise<ResponseOf<M>>;

/** Opening a trace again within a minute answers from here (services/traces/trace-columns-cache.ts). */
const traceColumnsCache = new TraceColumnsCache();

/** One handler per method of the contract; the compiler checks none is missing. */
export const handlers: { [M in MethodName]: Handler<M> } = {
  getSession: async (_request, _client, ctx) => ctx.session(),
  queryRange: async (request, _client, ctx) => ctx.sources.pick('metrics', request.source).capability.queryRange(request),
  setLiveQueries: async (request, client, ctx) => ({ accepted: ctx.live.set(client, request.queries) }),
  queryLogs: async (request, _client, ctx) => ctx.sources.pick('logs', request.source).capability.queryLogs(request),
  startLogTail: async (request, client, ctx) => ctx.tails.start(client, request),
  stopLogTail: async (request, client, ctx) => ({ stopped: ctx.tails.stop(client.id, request.tailId) }),
  getTrace: async (request, _client, ctx) =>
    ctx.sources.pick('traces', request.source).capability.getTrace(request.traceId.toLowerCase()),
  getTraceColumns: async (request, client, ctx) => {
    const { capability } = ctx.sources.pick('traces', request.source);
    const traceId = request.traceId.toLowerCase();
    return traceColumnsCache.columns(
      capability,
      traceId,
      (report) =>
        columnsWithHead(
          (told) => (capability.getTraceColumns ? capability.getTraceColumns(traceId, undefined, told) : capability.getTrace(traceId).then(encodeTraceColumns)),
          report,
        ),
      traceProgressTo(client, request.progressId),
    );
  },
  searchTraces: async (request, _client, ctx) => searchTraces(ctx.sources, request, ctx.now()),
  traceServices: async (request, _client, ctx) => traceServices(ctx.sources, request.source),
  traceOperations: async (request, _client, ctx) => traceOperations(ctx.sources, request),
  traceTagNames: async (request, _client, ctx) => traceTagNames(ctx.sources, request.source),
  listAlerts: async (_request, _client, ctx) => {
    const snapshot = ctx.alerts.current().fetchedAt ? ctx.alerts.current() : await ctx.alerts.poll();
    return { alerts: snapshot.alerts, fetchedAt: snapshot.fetchedAt };
  },
  acknowledgeAlert: async (request, _client, ctx) => ctx.actions.execute(acknowledgeAction(request, ctx)),
  acknowledgeIncident: async (request, _client, ctx) => ctx.actions.execute(acknowledgeIncidentAction(request, ctx)),
  unacknowledgeIncident: async (request, _client, ctx) => ctx.actions.execute(unacknowledgeIncidentAction(request, ctx)),
  resolveIncident: async (request, _client, ctx) => ctx.actions.execute(resolveIncidentAction(request, ctx)),
  escalateIncident: async (request, _client, ctx) => ctx.actions.execute(escalateIncidentAction(request, ctx)),
  addIncidentNote: async (request, _client, ctx) => ctx.actions.execute(addNoteAction(request, ctx)),
  listDeployments: async (_request, _client, ctx) => {
    if (!ctx.sources.has('deploys')) return { deployments: [] };
    return { deployments: await ctx.sources.pick('deploys').capability.listDeployments() };
  },
  rollback: async (request, _client, ctx) => rollback(request, rollbackDeps(ctx)),
  previewRollback: async (request, _client, ctx) =>
    request.service && request.weights
      ? previewShift({ ...request, service: request.service, weights: request.weights }, rollbackDeps(ctx))
      : previewRollback(request, rollbackDeps(ctx)),
  shiftTraffic: async (request, _client, ctx) => shiftTraffic(request, rollbackDeps(ctx)),
  listIncidents: async (_request, _client, ctx) => ctx.incidents.snapshot(),
  listActions: async (_request, _client, ctx) => ({ actions: ctx.actions.list() }),
  exportIncident: async (request, client, ctx) => handleExportIncident(request, client, ctx),
  cancelExport: async (request, client) => ({ cancelled: cancelExport(client, request.exportId) }),
  htmlReportStatus: async (_request, _client, ctx) => (ctx.reportAssets ? ctx.reportAssets.status() : { available: false, problem: REPORT_NOT_BUILT }),
  ...settingsHandlers,
  ...dashboardHandlers,
};
