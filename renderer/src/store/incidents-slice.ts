import type { EventOf } from '../../../shared/api/contract';
import type { ActionResult, RollbackRequest } from '../../../shared/api/actions';
import type { IncidentBundle } from '../../../shared/api/bundle';
import type { Incident, TimelineEvent } from '../../../shared/model/incident';
import { errorText } from '../api/parse';
import type { SliceCreator } from './app-state';

export interface IncidentsSlice {
  incidents: Incident[];
  timeline: TimelineEvent[];
  incidentsError?: string;
  selectedIncidentId?: string;
  loadIncidents(): Promise<void>;
  applyIncidents(event: EventOf<'incidents'>): void;
  selectIncident(id: string | undefined): void;
  rollback(request: RollbackRequest): Promise<ActionResult>;
  exportIncident(incidentId: string): Promise<{ fileName: string; bundle: IncidentBundle }>;
}

export const incidentsInitial = {
  incidents: [] as Incident[],
  timeline: [] as TimelineEvent[],
  incidentsError: undefined,
  selectedIncidentId: undefined,
};

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
    const incidents = sortIncidents(event.incidents);
    const selected = get().selectedIncidentId;
    const keep = selected && incidents.some((i) => i.id === selected);
    set({
      incidents,
      timeline: [...event.timeline].sort((a, b) => a.at - b.at),
      incidentsError: undefined,
      selectedIncidentId: keep ? selected : incidents.find((i) => i.status === 'open')?.id ?? incidents[0]?.id,
    });
  },

  selectIncident(id) {
    set({ selectedIncidentId: id });
  },

  async rollback(request) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    const result = await client.call('rollback', request);
    void get().loadDeployments();
    void get().loadIncidents();
    return result;
  },

  async exportIncident(incidentId) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep yet.');
    return client.call('exportIncident', { incidentId, exportedBy: get().actor || 'unknown' });
  },
});
