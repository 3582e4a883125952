import { LockstepApiError, type MethodName, type ParsedRequestOf, type ResponseOf } from '../../shared';
import type { ClientSession } from '../core/client';
import type { ServiceContext } from '../core/service-context';
import { importDashboardText } from './dashboard-library';

type DashboardMethod = 'listDashboards' | 'getDashboard' | 'saveDashboard' | 'deleteDashboard' | 'duplicateDashboard' | 'importDashboard' | 'exportDashboard' | 'variableValues';
type Handler<M extends MethodName> = (request: ParsedRequestOf<M>, client: ClientSession, ctx: ServiceContext) => Promise<ResponseOf<M>>;

/** Whose dashboards: the host stamps `author` with who the console acts as; a host with no identity is the default actor. */
const userOf = (author: string | undefined, ctx: ServiceContext) => author?.trim() || ctx.session().defaultActor;

/**
 * The dashboard requests. Saving, deleting and duplicating change a person's settings and
 * are refused to viewers (they are not on the read-only list in services/actions/acting-identity.ts).
 */
export const dashboardHandlers: { [M in DashboardMethod]: Handler<M> } = {
  listDashboards: async (request, _client, ctx) => ctx.dashboards.list(userOf(request.author, ctx)),
  getDashboard: async (request, _client, ctx) => ctx.dashboards.get(userOf(request.author, ctx), request.id),
  saveDashboard: async (request, _client, ctx) => ctx.dashboards.save(userOf(request.author, ctx), request.dashboard),
  deleteDashboard: async (request, _client, ctx) => ({ deleted: ctx.dashboards.delete(userOf(request.author, ctx), request.id) }),
  duplicateDashboard: async (request, _client, ctx) => ctx.dashboards.duplicate(userOf(request.author, ctx), request.id),
  importDashboard: async (request) => importDashboardText(request.text),
  exportDashboard: async (request, _client, ctx) => ctx.dashboards.export(userOf(request.author, ctx), request.id),
  variableValues: async (request, _client, ctx) => {
    const { source, capability } = ctx.sources.pick('metrics', request.source);
    const end = request.end ?? ctx.now();
    const start = request.start ?? end - 3600_000;
    let values: string[];
    if (capability.labelValues) {
      values = await capability.labelValues(request.label, { ...(request.match ? { match: [request.match] } : {}), start, end });
    } else if (request.match) {
      // A source without Prometheus' label API (the embedded demo) still answers the selector: its series carry the label.
      const stepSeconds = Math.max(60, Math.ceil((end - start) / 1000 / 50));
      const result = await capability.queryRange({ expr: request.match, start, end, stepSeconds });
      values = result.series.flatMap((s) => (s.labels[request.label] !== undefined ? [s.labels[request.label]!] : []));
    } else {
      throw new LockstepApiError('unavailable', `${source.name} cannot list the values of label "${request.label}" without a series selector: give the variable one (label_values(metric, ${request.label})).`);
    }
    return { values: [...new Set(values)].sort().slice(0, 10_000) };
  },
};
