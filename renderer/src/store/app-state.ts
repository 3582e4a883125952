import type { StateCreator } from 'zustand';
import type { ActionsSlice } from './actions-slice';
import type { AlertsSlice } from './alerts-slice';
import type { DeploymentsSlice } from './deployments-slice';
import type { DashboardsSlice } from './dashboards-slice';
import type { IncidentsSlice } from './incidents-slice';
import type { LogTailSlice } from './log-tail-slice';
import type { PanelsSlice } from './panels-slice';
import type { SessionSlice } from './session-slice';
import type { TraceSlice } from './trace-slice';
import type { TraceSearchSlice } from './trace-search-slice';
import type { UiSlice } from './ui-slice';
import type { ReplaySlice } from '../replay/replay-slice';

/** The whole renderer state: one store, one typed slice per feature. */
export type AppState = SessionSlice & PanelsSlice & AlertsSlice & IncidentsSlice & DeploymentsSlice & TraceSlice & UiSlice & ActionsSlice & LogTailSlice & DashboardsSlice & TraceSearchSlice & ReplaySlice;

export type SliceCreator<T> = StateCreator<AppState, [], [], T>;
