import type { EventOf } from '../../../shared/api/contract';
import type { ActionResult, RollbackRequest } from '../../../shared/api/actions';
import { severityRank } from '../../../shared/model/alerts';
import type { Incident, TimelineEvent } from '../../../shared/model/incident';
import { errorText } from '../api/parse';
import { exportContext } from '../incidents/export-request';
import { dashboardWidthPx } from '../panels/live-queries';
import type { SliceCreator } from './app-state';
import { keepIfSame } from './same-value';

export interface IncidentsSlice {
  incidents: Incident[];
  timeline: TimelineEvent[];
  incidentsError?: string;
  selectedIncidentId?: string;
  /** Which incidents the list shows: all (default, open first) or open ones; one severity or all. */
  incidentFilter: { status: 'open' | 'all'; severity: 'all' | 'critical' | 'warning' };
  /** Worst first, or newest first. */
  incidentSort: 'severity' | 'age';
  setIncidentFilter(filter: Partial<IncidentsSlice['incidentFilter']>): void;
  setIncidentSort(sort: IncidentsSlice['incidentSort']): void;
  acknowledgeIncident(incidentId: string, comment: string, idempotencyKey: string): Promise<ActionResult>;
  unacknowledgeIncident(incidentId: string, idempotencyKey: string): Promise<ActionResult>;
  resolveIncident(incidentId: string, comment: string, idempotencyKey: string): Promise<ActionResult>;
  escalateIncident(incidentId: string, level: string, idempotencyKey: string): Promise<ActionResult>;
  /** A note on the incident, shared with every console through Alertmanager. */
  addIncidentNote(incidentId: string, text: string, idempotencyKey: string): Promise<ActionResult>;
  loadIncidents(): Promise<void>;
  applyIncidents(event: EventOf<'incidents'>): void;
  selectIncident(id: string | undefined): void;
  rollback(request: RollbackRequest): Promise<ActionResult>;
  /** The sealed incident file: its name, its bytes in base64 and its size. With an `exportId`, progress arrives through `onProgress` and `cancelExport(exportId)` stops it. */
  /** `format: 'html'` saves the self-contained HTML report carrying the sealed file (assembled by the host). */
  exportIncident(incidentId: string, progress?: { exportId: string; onProgress(event: EventOf<'exportProgress'>): void }, format?: 'lockstep' | 'html'): Promise<{ fileName: string; file: string; bytes: number }>;
  cancelExport(exportId: string): Promise<void>;
}

export const incidentsInitial = {
  incidents: [] as Incident[],
  timeline: [] as TimelineEvent[],
  incidentsError: undefined,
  selectedIncidentId: undefined,
  incidentFilter: { status: 'all', severity: 'all' } as IncidentsSlice['incidentFilter'],
  incidentSort: 'severity' as IncidentsSlice['incidentSort'],
};

/** The list as the person asked for it: filtered, open first, then by severity or age. */
export function visibleIncidents(incidents: readonly Incident[], filter: IncidentsSlice['incidentFilter'], sort: IncidentsSlice['incidentSort']): Incident[] {
  return incidents
    .filter((i) => filter.status === 'all' || i.status === 'open')
    .filter((i) => filter.severity === 'all' || i.severity === filter.severity)
    .sort(
      (a, b) =>
        Number(a.status !== 'open') - Number(b.status !== 'open') ||
        (sort === 'severity' ? severityRank(b.severity) - severityRank(a.severity) : 0) ||
        b.openedAt - a.openedAt,
    );
}

/** Open ones first, then newest. */
function sortIncidents(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || b.openedAt - a.openedAt);
}

export const createIncidentsSlice: SliceCreator<IncidentsSlice> = (set, get) => ({
  ...incidentsInitial,

  async loadIncidents() {
    const client = get().client;
    if (!client) return;
    try {
      const snapshot = await client.call('listIncidents', {});
      if (get().client === client) get().applyIncidents(snapshot);
    } catch (error) {
      if (get().client === client) set({ incidentsError: errorText(error) });
    }
  },

  applyIncidents(event) {
    const incidents = keepIfSame(get().incidents, sortIncidents(event.incidents));
    const selected = get().selectedIncidentId;
    const keep = selected && incidents.some((i) => i.id === selected);
    set({
      incidents,
      timeline: keepIfSame(get().timeline, [...event.timeline].sort((a, b) => a.at - b.at)),
      incidentsError: undefined,
      selectedIncidentId: keep ? selected : incidents.find((i) => i.status === 'open')?.id ?? incidents[0]?.id,
    });
  },

  selectIncident(id) {
    set({ selectedIncidentId: id });
  },

  setIncidentFilter(filter) {
    set({ incidentFilter: { ...get().incidentFilter, ...filter } });
  },

  setIncidentSort(incidentSort) {
    set({ incidentSort });
  },

  async acknowledgeIncident(incidentId, comment, idempotencyKey) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('acknowledgeIncident', { incidentId, author: get().actor || 'unknown', comment, idempotencyKey });
    void get().loadIncidents();
    void get().loadAlerts();
    return result;
  },

  async unacknowledgeIncident(incidentId, idempotencyKey) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('unacknowledgeIncident', { incidentId, author: get().actor || 'unknown', comment: '', idempotencyKey });
    void get().loadIncidents();
    void get().loadAlerts();
    return result;
  },

  async resolveIncident(incidentId, comment, idempotencyKey) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('resolveIncident', { incidentId, author: get().actor || 'unknown', comment, idempotencyKey });
    void get().loadIncidents();
    return result;
  },

  async escalateIncident(incidentId, level, idempotencyKey) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('escalateIncident', { incidentId, level, author: get().actor || 'unknown', idempotencyKey });
    void get().loadIncidents();
    return result;
  },

  async addIncidentNote(incidentId, text, idempotencyKey) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('addIncidentNote', { incidentId, text, author: get().actor || 'unknown', idempotencyKey });
    void get().loadIncidents();
    return result;
  },

  async rollback(request) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('rollback', request);
    void get().loadDeployments();
    void get().loadIncidents();
    return result;
  },

  async exportIncident(incidentId, progress, format) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const context = exportContext(get().session?.dashboard, get().variableStates, dashboardWidthPx());
    const off = progress ? client.on('exportProgress', (event) => event.exportId === progress.exportId && progress.onProgress(event)) : undefined;
    try {
      return await client.call('exportIncident', { incidentId, exportedBy: get().actor || 'unknown', ...context, ...(progress ? { exportId: progress.exportId } : {}), ...(format ? { format } : {}) });
    } finally {
      off?.();
    }
  },

  async cancelExport(exportId) {
    await get().client?.call('cancelExport', { exportId });
  },
});
