import type { DashboardSummary } from '../../../shared/api/dashboards';
import type { Dashboard, GridPos } from '../../../shared/model/dashboard';
import { placeGrid } from '../../../shared/dashboards/grid-edit';
import type { LiveQuery } from '../../../shared/model/series';
import { alignedWindow } from '../../../shared/model/query-step';
import { ALL, interpolate, type VariableState } from '../../../shared/dashboards/variables';
import { clampRefreshSeconds, rangeWindow, type TimeRange, type TimeZoneChoice } from '../../../shared/dashboards/time-range';
import { errorText } from '../api/parse';
import { dashboardWidthPx, liveQueriesFor } from '../panels/live-queries';
import type { SliceCreator } from './app-state';
import { readPref, writePref } from '../support/storage';

export interface ImportOutcome {
  title: string;
  format: 'lockstep' | 'grafana';
  skipped: string[];
}

export interface DashboardsSlice {
  dashboardList: DashboardSummary[];
  /** Config-folder files that could not be read, one sentence each. */
  dashboardProblems: string[];
  /** The dashboard on screen when it is not the session's default (opened, imported, duplicated). */
  openedDashboard: Dashboard | null;
  /** Imported or edited here and not saved yet. */
  dashboardUnsaved: boolean;
  variableStates: Record<string, VariableState>;
  variableErrors: Record<string, string>;
  /** null: the dashboard's default, relative to now. */
  timeRange: TimeRange | null;
  /** null: the dashboard's zone. The person's switch, kept per browser/desktop like the theme. */
  timeZone: TimeZoneChoice | null;
  /** null: the dashboard's; 0: off (queried once per change); otherwise at least 1 s. */
  refreshOverride: number | null;
  /** The page is hidden (another tab, minimised): nothing refreshes until it shows again. */
  pageHidden: boolean;
  lastImport: ImportOutcome | null;
  /** Panels can be dragged and resized on the grid. */
  editingLayout: boolean;
  setEditingLayout(on: boolean): void;
  /** Puts a panel at `grid`, moving those it covers down; the dashboard is then unsaved. */
  setPanelGrid(panelId: string, grid: GridPos): void;
  loadDashboardList(): Promise<void>;
  openDashboard(id: string): Promise<void>;
  showDashboard(dashboard: Dashboard, unsaved: boolean): Promise<void>;
  importDashboard(text: string): Promise<ImportOutcome>;
  saveDashboard(): Promise<void>;
  duplicateDashboard(): Promise<void>;
  deleteDashboard(): Promise<void>;
  exportDashboard(): Promise<{ fileName: string; text: string }>;
  loadVariableValues(): Promise<void>;
  setVariable(name: string, selected: string[]): Promise<void>;
  setTimeRange(range: TimeRange): Promise<void>;
  setTimeZone(zone: TimeZoneChoice): void;
  effectiveTimeZone(): TimeZoneChoice;
  setRefresh(seconds: number): Promise<void>;
  effectiveRefresh(): number;
  /**
   * How often live data is refreshed, in seconds: the refresh picker's choice or the dashboard's;
   * 0 when nothing is refreshed (auto-refresh off, or a fixed range), so nothing is expected newer.
   * What staleness is measured against (panels/staleness.ts).
   */
  liveRefreshSeconds(): number;
  setPageHidden(hidden: boolean): Promise<void>;
  /** What subscribeLive sends: live queries when the range follows now and refresh is on; otherwise queries to run once over `window`. */
  liveQueryPlan(): { live: LiveQuery[]; once: LiveQuery[]; window?: { start: number; end: number } };
  runOnce(queries: LiveQuery[], window?: { start: number; end: number }): Promise<void>;
}

/** Each variable's starting choice: the dashboard's saved one if it is offered, else All where allowed, else the first value. */
export function initialState(variable: Dashboard['variables'][number], options: readonly string[]): VariableState {
  if (variable.type === 'textbox') return { selected: variable.current.length > 0 ? variable.current.slice(0, 1) : [''], options: [] };
  const wanted = variable.current.filter((v) => v === ALL ? variable.includeAll : options.includes(v));
  if (wanted.length > 0) return { selected: variable.multi ? wanted : wanted.slice(0, 1), options };
  if (variable.includeAll) return { selected: [ALL], options };
  return { selected: options.length > 0 ? [options[0]!] : [], options };
}

/** The zone the person last switched to, or null (the dashboard's) when never switched. */
function storedTimeZone(): TimeZoneChoice | null {
  const stored = readPref('lockstep.timeZone');
  return stored === 'utc' || stored === 'local' ? stored : null;
}

export const createDashboardsSlice: SliceCreator<DashboardsSlice> = (set, get) => ({
  dashboardList: [],
  dashboardProblems: [],
  openedDashboard: null,
  dashboardUnsaved: false,
  variableStates: {},
  variableErrors: {},
  timeRange: null,
  timeZone: storedTimeZone(),
  refreshOverride: null,
  pageHidden: false,
  lastImport: null,
  editingLayout: false,

  setEditingLayout(on) {
    set({ editingLayout: on });
  },

  setPanelGrid(panelId, grid) {
    const session = get().session;
    const index = session?.dashboard.panels.findIndex((p) => p.id === panelId) ?? -1;
    if (!session || index < 0) return;
    const grids = placeGrid(session.dashboard.panels.map((p) => p.grid), index, grid);
    const dashboard = { ...session.dashboard, panels: session.dashboard.panels.map((p, i) => ({ ...p, grid: grids[i]! })) };
    set({ session: { ...session, dashboard }, openedDashboard: dashboard, dashboardUnsaved: true });
  },

  async loadDashboardList() {
    const client = get().client;
    if (!client) return;
    try {
      const list = await client.call('listDashboards', {});
      if (get().client === client) set({ dashboardList: list.dashboards, dashboardProblems: list.problems });
    } catch (error) {
      if (get().client === client) set({ dashboardProblems: [`The list of dashboards could not be loaded: ${errorText(error)}`] });
    }
  },

  async openDashboard(id) {
    const client = get().client;
    if (!client) return;
    const { dashboard } = await client.call('getDashboard', { id });
    await get().showDashboard(dashboard, false);
  },

  async showDashboard(dashboard, unsaved) {
    const session = get().session;
    if (!session) return;
    set({
      session: { ...session, dashboard },
      openedDashboard: dashboard,
      dashboardUnsaved: unsaved,
      variableStates: {},
      variableErrors: {},
      timeRange: null,
      rangeSeconds: null,
      refreshOverride: null,
      live: {},
      logs: {},
    });
    await get().loadVariableValues();
    await get().subscribeLive();
  },

  async importDashboard(text) {
    const client = get().client;
    if (!client) throw new Error('Not connected to Lockstep.');
    const result = await client.call('importDashboard', { text });
    const outcome = { title: result.dashboard.title, format: result.format, skipped: result.skipped };
    set({ lastImport: outcome });
    await get().showDashboard(result.dashboard, true);
    return outcome;
  },

  async saveDashboard() {
    const { client, session } = get();
    if (!client || !session) return;
    const { dashboard } = await client.call('saveDashboard', { dashboard: session.dashboard });
    set({ openedDashboard: dashboard, dashboardUnsaved: false });
    await get().loadDashboardList();
  },

  async duplicateDashboard() {
    const { client, session } = get();
    if (!client || !session) return;
    // An unsaved import is saved under a new id rather than looked up on the server, where it is not yet.
    const reply = get().dashboardUnsaved
      ? await client.call('saveDashboard', { dashboard: { ...session.dashboard, id: `${session.dashboard.id}-copy`, title: `${session.dashboard.title} (copy)` } })
      : await client.call('duplicateDashboard', { id: session.dashboard.id });
    await get().loadDashboardList();
    await get().showDashboard(reply.dashboard, false);
  },

  async deleteDashboard() {
    const { client, session } = get();
    if (!client || !session) return;
    await client.call('deleteDashboard', { id: session.dashboard.id });
    await get().loadDashboardList();
    const fallback = get().dashboardList.find((d) => d.id === session.dashboard.id) ?? get().dashboardList[0];
    if (fallback) await get().openDashboard(fallback.id);
  },

  async exportDashboard() {
    const { client, session } = get();
    if (!client || !session) throw new Error('Not connected to Lockstep.');
    // What is on screen, unsaved changes included: the server only knows saved ones.
    if (get().dashboardUnsaved) return { fileName: `${session.dashboard.id}.lockstep-dashboard.json`, text: `${JSON.stringify(session.dashboard, null, 2)}\n` };
    return client.call('exportDashboard', { id: session.dashboard.id });
  },

  async loadVariableValues() {
    const { client, session } = get();
    if (!client || !session) return;
    const window = rangeWindow(get().timeRange ?? { kind: 'relative', seconds: get().effectiveRange() }, Date.now());
    const states: Record<string, VariableState> = {};
    const errors: Record<string, string> = {};
    // In order, so each can use the choices before it.
    for (const variable of session.dashboard.variables) {
      let options = variable.options;
      if (variable.type === 'query' && variable.query) {
        // A variable's series selector may use the variables before it ($cluster in namespace's).
        const match = variable.query.match ? interpolate(variable.query.match, session.dashboard.variables, states, { stepSeconds: 60, rangeSeconds: (window.end - window.start) / 1000 }) : undefined;
        try {
          const reply = await client.call('variableValues', { label: variable.query.label, ...(match ? { match } : {}), ...(variable.query.source ? { source: variable.query.source } : {}), ...window });
          options = reply.values;
        } catch (error) {
          errors[variable.name] = `$${variable.name}: its values (label ${variable.query.label}) could not be loaded: ${errorText(error)}`;
          options = [];
        }
      }
      states[variable.name] = initialState(variable, options);
    }
    if (get().client === client && get().session?.dashboard === session.dashboard) set({ variableStates: states, variableErrors: errors });
  },

  async setVariable(name, selected) {
    const state = get().variableStates[name];
    if (!state) return;
    set({ variableStates: { ...get().variableStates, [name]: { ...state, selected } }, live: {}, logs: {} });
    await get().subscribeLive();
  },

  async setTimeRange(range) {
    const seconds = range.kind === 'relative' ? range.seconds : Math.max(1, Math.round((range.end - range.start) / 1000));
    set({ timeRange: range, rangeSeconds: seconds, live: {}, logs: {} });
    await get().subscribeLive();
  },

  setTimeZone(zone) {
    writePref('lockstep.timeZone', zone);
    set({ timeZone: zone });
  },

  effectiveTimeZone() {
    return get().timeZone ?? get().session?.dashboard.timezone ?? 'local';
  },

  async setRefresh(seconds) {
    set({ refreshOverride: seconds === 0 ? 0 : clampRefreshSeconds(seconds) });
    await get().subscribeLive();
  },

  effectiveRefresh() {
    const override = get().refreshOverride;
    if (override === 0) return 0;
    return clampRefreshSeconds(override ?? get().session?.dashboard.refreshSeconds ?? 5);
  },

  liveRefreshSeconds() {
    return get().timeRange?.kind === 'absolute' ? 0 : get().effectiveRefresh();
  },

  async setPageHidden(hidden) {
    if (get().pageHidden === hidden) return;
    set({ pageHidden: hidden });
    await get().subscribeLive();
  },

  liveQueryPlan() {
    const session = get().session;
    if (!session) return { live: [], once: [] };
    const refresh = get().effectiveRefresh();
    const range = get().timeRange;
    const queries = liveQueriesFor({ ...session.dashboard, refreshSeconds: Math.max(1, refresh) }, get().effectiveRange(), dashboardWidthPx(), get().variableStates);
    // Hidden: nothing at all, the server stops querying for this console until it shows again.
    if (get().pageHidden) return { live: [], once: [] };
    if (range?.kind === 'absolute') return { live: [], once: queries, window: { start: range.start, end: range.end } };
    if (refresh === 0) return { live: [], once: queries };
    return { live: queries, once: [] };
  },

  async runOnce(queries, window) {
    const client = get().client;
    if (!client) return;
    await Promise.all(
      queries.map(async (query) => {
        const end = window?.end ?? Date.now();
        const start = window?.start ?? end - query.rangeSeconds * 1000;
        const aligned = alignedWindow(end, Math.max(1, Math.round((end - start) / 1000)), query.stepSeconds);
        try {
          const result = await client.call('queryRange', { ...(query.source ? { source: query.source } : {}), expr: query.expr, start: aligned.start, end: aligned.end, stepSeconds: aligned.stepSeconds });
          if (get().client === client) get().applyQueryResult({ queryId: query.id, result, at: Date.now() });
        } catch (error) {
          if (get().client === client) get().applyQueryResult({ queryId: query.id, error: errorText(error), at: Date.now() });
        }
      }),
    );
  },
});
