import { ALL, type VariableState } from '../../../shared/dashboards/variables';
import type { Dashboard } from '../../../shared/model/dashboard';

/**
 * What the export is asked to carry beside the war room: the dashboard on screen, its
 * variables as chosen (an "All" choice with the values it stood for, so the services
 * interpolate it as this console did) and the screen's width, from which each panel's
 * step follows (renderer/src/panels/live-queries.ts).
 */
export function exportContext(dashboard: Dashboard | undefined, states: Readonly<Record<string, VariableState>>, widthPx: number): { dashboardId?: string; variables?: Record<string, string[]>; widthPx: number } {
  const variables: Record<string, string[]> = {};
  for (const [name, state] of Object.entries(states)) {
    variables[name] = state.selected.includes(ALL) ? [ALL, ...state.options] : [...state.selected];
  }
  return {
    ...(dashboard ? { dashboardId: dashboard.id } : {}),
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    widthPx: Math.max(200, Math.min(20_000, Math.round(widthPx))),
  };
}
