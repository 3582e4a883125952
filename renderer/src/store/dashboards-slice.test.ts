import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../../../shared/api/contract';
import { DashboardSchema, VariableSchema } from '../../../shared/model/dashboard';
import type { RendererClient } from '../api/types';
import { initialState } from './dashboards-slice';
import { resetStore, useStore } from './store';

afterEach(() => resetStore());

const dashboard = DashboardSchema.parse({
  schemaVersion: 2,
  id: 'cities',
  title: 'Cities',
  rangeSeconds: 3600,
  refreshSeconds: 1,
  variables: [{ name: 'city', type: 'query', query: { label: 'city', match: 'city:lock_online:ratio' }, includeAll: true, multi: true, current: ['$__all'] }],
  panels: [
    { id: 'online', kind: 'timeseries', title: 'Online in $city', grid: { x: 0, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'city:lock_online:ratio{city=~"$city"}' }] },
    { id: 'logs', kind: 'logs', title: 'Logs', grid: { x: 12, y: 0, w: 12, h: 6 }, targets: [{ refId: 'A', expr: 'ignored' }], options: { query: '{city=~"$city"}' } },
  ],
});

/** A client that answers from a table and records every call, as the hosts would see them. */
function fakeClient(answers: Partial<Record<MethodName, (request: never) => unknown>>) {
  const calls: { method: MethodName; request: unknown }[] = [];
  const client: RendererClient = {
    kind: 'web',
    call: async (method, request) => {
      calls.push({ method, request });
      const answer = answers[method] as ((r: unknown) => unknown) | undefined;
      if (!answer) throw new Error(`unexpected ${method}`);
      return answer(request) as never;
    },
    on: () => () => undefined,
    connection: () => ({ status: 'open', attempt: 0 }),
    onConnection: () => () => undefined,
    onProtocolError: () => () => undefined,
    close: () => undefined,
  };
  return { client, calls };
}

const session = { product: 'Lockstep', version: 't', mode: 'custom', host: 'web', readOnly: false, defaultActor: 'ana', sources: [], dashboard, serverTime: 0 };

async function attached(extra: Partial<Record<MethodName, (request: never) => unknown>> = {}) {
  const fake = fakeClient({
    getSession: () => session,
    setLiveQueries: (r: { queries: unknown[] }) => ({ accepted: r.queries.length }),
    listAlerts: () => ({ alerts: [], fetchedAt: 1 }),
    listIncidents: () => ({ incidents: [], timeline: [] }),
    listDeployments: () => ({ deployments: [] }),
    listActions: () => ({ actions: [] }),
    listDashboards: () => ({ dashboards: [], problems: [] }),
    variableValues: () => ({ values: ['madrid', 'paris'] }),
    queryRange: () => ({ series: [], fetchedAt: 1, warnings: [] }),
    ...extra,
  });
  await useStore.getState().attachClient(fake.client);
  return fake;
}

const lastLive = (calls: { method: MethodName; request: unknown }[]) => (calls.filter((c) => c.method === 'setLiveQueries').at(-1)!.request as { queries: { id: string; expr: string; refreshSeconds: number }[] }).queries;

describe('dashboards in the store', () => {
  it('fills variables from label values, puts the choice in the live queries, and never refreshes faster than 1 s', async () => {
    const { calls } = await attached();
    await useStore.getState().showDashboard(dashboard, true);
    expect(calls.find((c) => c.method === 'variableValues')!.request).toMatchObject({ label: 'city', match: 'city:lock_online:ratio' });
    expect(useStore.getState().variableStates.city).toEqual({ selected: ['$__all'], options: ['madrid', 'paris'] });
    expect(lastLive(calls)).toEqual([expect.objectContaining({ id: 'online/A', expr: 'city:lock_online:ratio{city=~"(madrid|paris)"}', refreshSeconds: 1 })]);
    await useStore.getState().setVariable('city', ['paris']);
    expect(lastLive(calls).map((q) => q.expr)).toEqual(['city:lock_online:ratio{city=~"paris"}']);
    await useStore.getState().setRefresh(30);
    expect(lastLive(calls)[0]!.refreshSeconds).toBe(30);
    await useStore.getState().setRefresh(0.1);
    expect(useStore.getState().effectiveRefresh()).toBe(1);
    expect(lastLive(calls)[0]!.refreshSeconds).toBe(1);
  });

  it('stops the live queries while the page is hidden and starts them again when it shows', async () => {
    const { calls } = await attached();
    await useStore.getState().showDashboard(dashboard, false);
    await useStore.getState().setPageHidden(true);
    expect(lastLive(calls)).toEqual([]);
    await useStore.getState().setPageHidden(false);
    expect(lastLive(calls)).toHaveLength(1);
  });

  it('queries an absolute range once over exactly that window, with no live query', async () => {
    const { calls } = await attached();
    await useStore.getState().showDashboard(dashboard, false);
    const start = Date.UTC(2026, 0, 1, 10);
    const end = Date.UTC(2026, 0, 1, 12);
    await useStore.getState().setTimeRange({ kind: 'absolute', start, end });
    expect(lastLive(calls)).toEqual([]);
    const once = calls.filter((c) => c.method === 'queryRange').at(-1)!.request as { expr: string; start: number; end: number };
    expect(once.expr).toBe('city:lock_online:ratio{city=~"(madrid|paris)"}');
    expect(once.end).toBe(end);
    expect(end - once.start).toBeGreaterThanOrEqual(7200_000);
    expect(useStore.getState().live['online/A']?.result).toBeDefined();
  });

  it('measures freshness against the refresh the picker chose: its period, or none while off or over a fixed range', async () => {
    await attached();
    await useStore.getState().showDashboard(dashboard, false);
    expect(useStore.getState().liveRefreshSeconds()).toBe(1);
    await useStore.getState().setRefresh(60);
    expect(useStore.getState().liveRefreshSeconds()).toBe(60);
    await useStore.getState().setRefresh(0);
    expect(useStore.getState().liveRefreshSeconds()).toBe(0);
    await useStore.getState().setRefresh(5);
    await useStore.getState().setTimeRange({ kind: 'absolute', start: Date.UTC(2026, 0, 1, 10), end: Date.UTC(2026, 0, 1, 12) });
    expect(useStore.getState().liveRefreshSeconds()).toBe(0);
  });

  it('reads a logs panel over a fixed range, not the latest lines', async () => {
    const { calls } = await attached({ queryLogs: () => ({ lines: [], series: [], warnings: [], fetchedAt: 1 }) });
    await useStore.getState().showDashboard(dashboard, false);
    const start = Date.UTC(2026, 0, 1, 10);
    const end = Date.UTC(2026, 0, 1, 12);
    await useStore.getState().setTimeRange({ kind: 'absolute', start, end });
    await useStore.getState().pollLogs('logs', '{app="x"}', 50);
    expect(calls.filter((c) => c.method === 'queryLogs').at(-1)!.request).toEqual({ query: '{app="x"}', start, end, limit: 50 });
    await useStore.getState().setTimeRange({ kind: 'relative', seconds: 600 });
    const before = Date.now();
    await useStore.getState().pollLogs('logs', '{app="x"}', 50);
    const relative = calls.filter((c) => c.method === 'queryLogs').at(-1)!.request as { start: number; end: number };
    expect(relative.end).toBeGreaterThanOrEqual(before);
    expect(relative.end - relative.start).toBe(600_000);
  });

  it('keeps an opened dashboard on screen when the session reloads', async () => {
    await attached();
    await useStore.getState().showDashboard(dashboard, false);
    await useStore.getState().loadSession();
    expect(useStore.getState().session?.dashboard.id).toBe('cities');
  });

  it('starts a variable at its saved choice when offered, else All, else the first value', () => {
    const v = (change: object) => VariableSchema.parse({ name: 'x', type: 'custom', ...change });
    expect(initialState(v({ current: ['b'] }), ['a', 'b'])).toEqual({ selected: ['b'], options: ['a', 'b'] });
    expect(initialState(v({ current: ['gone'], includeAll: true }), ['a'])).toEqual({ selected: ['$__all'], options: ['a'] });
    expect(initialState(v({ current: ['gone'] }), ['a', 'b'])).toEqual({ selected: ['a'], options: ['a', 'b'] });
    expect(initialState(v({ type: 'textbox', current: ['error'] }), [])).toEqual({ selected: ['error'], options: [] });
  });

  it('edits the layout: a panel put on another moves it down, and the dashboard is then unsaved', async () => {
    await attached();
    await useStore.getState().showDashboard(dashboard, false);
    useStore.getState().setPanelGrid('online', { x: 12, y: 0, w: 12, h: 6 });
    const s = useStore.getState();
    expect(s.session?.dashboard.panels.map((p) => [p.id, p.grid])).toEqual([
      ['online', { x: 12, y: 0, w: 12, h: 6 }],
      ['logs', { x: 12, y: 6, w: 12, h: 6 }],
    ]);
    expect(s.dashboardUnsaved).toBe(true);
    expect(s.openedDashboard).toBe(s.session?.dashboard);
  });
});
