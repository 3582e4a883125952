import type { Incident } from '../../shared';

/** Context each side of the incident, so the review shows what "normal" looked like before and after. */
export const EXPORT_MARGIN_MS = 10 * 60_000;

export interface ExportWindow {
  /** The incident itself: opened … resolved (or … now while it is open). */
  incident: { start: number; end: number };
  /** What the file covers: the incident plus the margin each side, never past now. */
  start: number;
  end: number;
}

export function exportWindow(incident: Pick<Incident, 'openedAt' | 'resolvedAt'>, now: number): ExportWindow {
  const incidentEnd = Math.min(incident.resolvedAt ?? now, now);
  return {
    incident: { start: incident.openedAt, end: incidentEnd },
    start: incident.openedAt - EXPORT_MARGIN_MS,
    end: Math.min(incidentEnd + EXPORT_MARGIN_MS, now),
  };
}
