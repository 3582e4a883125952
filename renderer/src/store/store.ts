import { create } from 'zustand';
import { createAlertsSlice } from './alerts-slice';
import type { AppState } from './app-state';
import { createDeploymentsSlice } from './deployments-slice';
import { createDashboardsSlice } from './dashboards-slice';
import { createIncidentsSlice } from './incidents-slice';
import { createLogTailSlice } from './log-tail-slice';
import { createPanelsSlice } from './panels-slice';
import { createSessionSlice, detachClient } from './session-slice';
import { createTraceSlice } from './trace-slice';
import { createTraceSearchSlice } from './trace-search-slice';
import { createUiSlice } from './ui-slice';
import { createReplaySlice } from '../replay/replay-slice';

export const useStore = create<AppState>()((...args) => ({
  ...createSessionSlice(...args),
  ...createPanelsSlice(...args),
  ...createAlertsSlice(...args),
  ...createIncidentsSlice(...args),
  ...createDeploymentsSlice(...args),
  ...createTraceSlice(...args),
  ...createTraceSearchSlice(...args),
  ...createUiSlice(...args),
  ...createLogTailSlice(...args),
  ...createDashboardsSlice(...args),
  ...createReplaySlice(...args),
}));

const initialState = useStore.getState();

/** Back to a fresh store with no client attached (tests). */
export function resetStore(): void {
  detachClient();
  useStore.setState(initialState, true);
}
