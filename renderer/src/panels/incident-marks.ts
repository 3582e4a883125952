import type { Incident } from '../../../shared/model/incident';

export interface IncidentMark {
  time: number;
  kind: 'opened' | 'resolved';
  incidentId: string;
  title: string;
}

/**
 * The incidents' opened and resolved instants that fall inside a chart's time range
 * [from, to], oldest first: drawn as vertical lines so a step in a line can be read
 * against "payment-service incident opened here".
 */
export function incidentMarks(incidents: readonly Incident[], from: number | undefined, to: number | undefined): IncidentMark[] {
  if (from === undefined || to === undefined) return [];
  const marks: IncidentMark[] = [];
  for (const incident of incidents) {
    if (incident.openedAt >= from && incident.openedAt <= to) marks.push({ time: incident.openedAt, kind: 'opened', incidentId: incident.id, title: incident.title });
    if (incident.resolvedAt !== undefined && incident.resolvedAt >= from && incident.resolvedAt <= to) {
      marks.push({ time: incident.resolvedAt, kind: 'resolved', incidentId: incident.id, title: incident.title });
    }
  }
  return marks.sort((a, b) => a.time - b.time);
}
