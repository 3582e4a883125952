import { copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodName, RpcReply } from '../../shared';
import { type ActingIdentity, handleAs } from '../actions/acting-identity';
import { servicesFrom } from '../core/create-services';
import type { LockstepServices } from '../core/lockstep-services';
import type { DataSource, MetricsCapability } from '../datasources/types';
import { panelKind } from '../../shared/dashboards/panel-kinds';
import { lockFleetDashboard } from './lock-fleet';
import { warRoomDashboard } from './war-room';

const client = { id: 'c', send: () => {} };
const ana: ActingIdentity = { name: 'ana', role: 'operator' };
const bob: ActingIdentity = { name: 'bob', role: 'operator' };
const wall: ActingIdentity = { name: 'wall', role: 'viewer' };

let services: LockstepServices | undefined;
afterEach(async () => services?.close());

function start(metrics: MetricsCapability = { queryRange: async () => ({ series: [], fetchedAt: 0, warnings: [] }) }) {
  const root = mkdtempSync(join(tmpdir(), 'lockstep-dash-'));
  const dir = join(root, 'dashboards');
  mkdirSync(dir);
  // A published Grafana dashboard (shared/testdata/grafana/README.md), a Lockstep one of version 1, and a broken file.
  copyFileSync(new URL('../../shared/testdata/grafana/modern-hotrod-metrics-logs.json', import.meta.url), join(dir, 'hotrod.json'));
  writeFileSync(join(dir, 'ops.json'), JSON.stringify({ id: 'ops', title: 'Ops', rangeSeconds: 600, refreshSeconds: 10, panels: [] }));
  writeFileSync(join(dir, 'broken.json'), '{"id": ');
  const prom: DataSource = { id: 'prom', kind: 'prometheus', name: 'Prometheus', metrics };
  services = servicesFrom([prom], { mode: 'custom', alertPollSeconds: 300, dashboardsDir: dir }, { dataDir: join(root, 'state'), version: 't', defaultActor: 'desk', now: () => 1_700_000_000_000 });
  return { dir, dataDir: join(root, 'state') };
}

async function call<T = Record<string, unknown>>(who: ActingIdentity, method: MethodName, request: unknown): Promise<T> {
  const reply: RpcReply = await handleAs(services!, who, method, request, client);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}
const fails = async (who: ActingIdentity, method: MethodName, request: unknown) => {
  const reply = await handleAs(services!, who, method, request, client);
  return reply.ok ? undefined : reply.error;
};

type List = { dashboards: { id: string; title: string; origin: string; overrides?: string; panels: number }[]; problems: string[] };

describe('dashboards through the API', () => {
  it('lists the built-in war room and the config folder’s files, Grafana’s imported, a broken file named', async () => {
    const { dir } = start();
    const list = await call<List>(ana, 'listDashboards', {});
    expect(list.dashboards.map((d) => [d.id, d.origin, d.panels])).toEqual([
      ['war-room', 'built-in', 11],
      ['lock-fleet', 'built-in', 7],
      ['unlock-funnel', 'built-in', 9],
      ['service-health', 'built-in', 6],
      ['payments', 'built-in', 5],
      ['grafana-frivzuzmz', 'config', 7],
      ['ops', 'config', 0],
    ]);
    expect(list.problems[0]).toMatch(new RegExp(`^${join(dir, 'broken.json').replace(/[/\\.]/g, '\\$&')} is not readable JSON \\(.+\\), so it was not loaded as a dashboard\\.$`));
    expect(list.problems[1]).toMatch(/hotrod\.json is a Grafana dashboard; imported without: .*stat panel 'Total {2}Count of logs' shows the newest value: Grafana's "sum" reduction has no equivalent/);
    const ops = await call<{ dashboard: { schemaVersion: number } }>(ana, 'getDashboard', { id: 'ops' });
    expect(ops.dashboard.schemaVersion).toBe(2);
  });

  it('saves per person: ana’s copy replaces the war room for ana only, and reverting shows the built-in again', async () => {
    const { dataDir } = start();
    const { dashboard } = await call<{ dashboard: Record<string, unknown> }>(ana, 'getDashboard', { id: 'war-room' });
    const saved = await call<{ summary: { origin: string; overrides: string; savedAt: number } }>(ana, 'saveDashboard', { dashboard: { ...dashboard, title: 'Ana’s war room' } });
    expect(saved.summary).toMatchObject({ origin: 'saved', overrides: 'built-in', savedAt: 1_700_000_000_000 });
    expect((await call<List>(ana, 'listDashboards', {})).dashboards[0]).toMatchObject({ id: 'war-room', title: 'Ana’s war room', origin: 'saved' });
    expect((await call<List>(bob, 'listDashboards', {})).dashboards[0]).toMatchObject({ id: 'war-room', title: 'Fleet war room', origin: 'built-in' });
    // Kept in the settings store: owner-only, like the rest of the state.
    expect(statSync(join(dataDir, 'dashboards.json')).mode & 0o777).toBe(0o600);
    expect(await call(ana, 'deleteDashboard', { id: 'war-room' })).toEqual({ deleted: true });
    expect((await call<List>(ana, 'listDashboards', {})).dashboards[0]).toMatchObject({ title: 'Fleet war room', origin: 'built-in' });
    expect(await fails(ana, 'deleteDashboard', { id: 'war-room' })).toEqual({ code: 'bad_request', message: '"Fleet war room" is built into Lockstep and cannot be deleted; duplicate it to make your own.' });
  });

  it('duplicates under a new id, exports JSON that imports back the same', async () => {
    start();
    const copy = await call<{ dashboard: { id: string; title: string } }>(ana, 'duplicateDashboard', { id: 'ops' });
    expect(copy.dashboard).toMatchObject({ id: 'ops-copy', title: 'Ops (copy)' });
    expect((await call<{ dashboard: { id: string } }>(ana, 'duplicateDashboard', { id: 'ops' })).dashboard.id).toBe('ops-copy-2');
    const file = await call<{ fileName: string; text: string }>(ana, 'exportDashboard', { id: 'war-room' });
    expect(file.fileName).toBe('war-room.lockstep-dashboard.json');
    const back = await call<{ format: string; skipped: string[]; dashboard: unknown }>(ana, 'importDashboard', { text: file.text });
    expect(back).toEqual({ format: 'lockstep', skipped: [], dashboard: JSON.parse(file.text) });
    expect(await fails(ana, 'importDashboard', { text: '{"panels": 3' })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^The dashboard is not valid JSON \(.+\); paste the whole file/) });
  });

  it('lets a viewer look, import and export, but not save, duplicate or delete', async () => {
    start();
    expect((await call<List>(wall, 'listDashboards', {})).dashboards).toHaveLength(7);
    expect((await call<{ format: string }>(wall, 'importDashboard', { text: '{"title":"g","panels":[{"type":"graph","gridPos":{"x":0,"y":0,"w":6,"h":4},"targets":[{"expr":"up"}]}]}' })).format).toBe('grafana');
    const { dashboard } = await call<{ dashboard: unknown }>(wall, 'getDashboard', { id: 'ops' });
    for (const [method, request] of [['saveDashboard', { dashboard }], ['duplicateDashboard', { id: 'ops' }], ['deleteDashboard', { id: 'ops' }]] as const) {
      expect(await fails(wall, method, request)).toMatchObject({ code: 'forbidden' });
    }
  });

  it('fills a variable from the label API, or from the selector’s series where there is none', async () => {
    const asked: unknown[] = [];
    start({
      queryRange: async () => ({ series: [], fetchedAt: 0, warnings: [] }),
      labelValues: async (label, request) => {
        asked.push({ label, request });
        return ['paris', 'madrid', 'paris'];
      },
    });
    expect(await call(ana, 'variableValues', { label: 'city', match: 'lock_online', start: 1, end: 2 })).toEqual({ values: ['madrid', 'paris'] });
    expect(asked).toEqual([{ label: 'city', request: { match: ['lock_online'], start: 1, end: 2 } }]);
    await services!.close();
    services = undefined;
    const seen: string[] = [];
    start({
      queryRange: async (request) => {
        seen.push(`${request.expr} step ${request.stepSeconds}`);
        return { series: [{ name: 'x', labels: { city: 'rome' } as Record<string, string>, times: [], values: [] }, { name: 'x', labels: {} as Record<string, string>, times: [], values: [] }], fetchedAt: 0, warnings: [] };
      },
    });
    expect(await call(wall, 'variableValues', { label: 'city', match: 'x' })).toEqual({ values: ['rome'] });
    expect(seen).toEqual(['x step 72']);
    expect(await fails(ana, 'variableValues', { label: 'city' })).toEqual({
      code: 'unavailable',
      message: 'Prometheus cannot list the values of label "city" without a series selector: give the variable one (label_values(metric, city)).',
    });
  });
});

describe('the built-in fleet dashboards', () => {
  const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

  it.each([warRoomDashboard, lockFleetDashboard])('$id: panels of known kinds, inside 24 columns, none over another', (dashboard) => {
    for (const panel of dashboard.panels) {
      expect(panelKind(panel.kind), panel.id).toBeDefined();
      expect(panelKind(panel.kind)!.optionsSchema.safeParse(panel.options).success, panel.id).toBe(true);
      expect(panel.grid.x + panel.grid.w, panel.id).toBeLessThanOrEqual(24);
    }
    const pairs = dashboard.panels.flatMap((a, i) => dashboard.panels.slice(i + 1).filter((b) => overlap(a.grid, b.grid)).map((b) => `${a.id}/${b.id}`));
    expect(pairs).toEqual([]);
  });

  it('keeps the war room’s panel ids, with the city heat grid first in the top row', () => {
    expect(warRoomDashboard.panels.map((p) => p.id)).toEqual(['fleet-health-grid', 'fleet-online', 'fleet-unlock-success', 'fleet-unlock-p95', 'service-latency-p95', 'funnel', 'service-errors', 'payments', 'logs', 'service-health-grid', 'deployments']);
    expect(warRoomDashboard.panels.slice(0, 5).map((p) => p.grid.y)).toEqual([0, 0, 0, 0, 0]);
    expect(warRoomDashboard.panels[0]!.grid).toEqual({ x: 0, y: 0, w: 8, h: 6 });
  });

  it('Lock fleet: a multi-city variable from the online ratio, every metric query narrowed to it', () => {
    expect(lockFleetDashboard.variables).toEqual([
      { name: 'city', label: 'City', type: 'query', query: { label: 'city', match: 'city:lock_online:ratio' }, options: [], includeAll: true, multi: true, current: ['$__all'] },
    ]);
    const exprs = lockFleetDashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(exprs).toHaveLength(10);
    for (const expr of exprs) expect(expr).toContain('{city=~"$city"}');
    expect(exprs).toContain('topk(10, time() - lock_last_seen_timestamp_seconds{city=~"$city"})');
  });
});
