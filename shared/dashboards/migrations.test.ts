import { describe, expect, it } from 'vitest';
import { DashboardSchema, panelOptions } from '../model/dashboard';
import { CURRENT_DASHBOARD_VERSION, MIGRATIONS, migrateDashboard } from './migrations';

/** A dashboard as Lockstep 0.1 wrote it (services/dashboards/war-room.ts before schemaVersion). */
const v1 = {
  id: 'war-room',
  title: 'War room',
  rangeSeconds: 1800,
  refreshSeconds: 5,
  panels: [
    { id: 'online', kind: 'timeseries', title: 'Online', grid: { x: 0, y: 0, w: 6, h: 6 }, targets: [{ refId: 'A', expr: 'up' }], options: { unit: 'percent', min: 0, max: 1, threshold: { value: 0.8, below: true } } },
    { id: 'logs', kind: 'logs', title: 'Logs', grid: { x: 6, y: 0, w: 6, h: 6 }, options: { query: '{a="b"}', limit: 50 } },
    { id: 'dep', kind: 'deployments', title: 'Blue / green', grid: { x: 12, y: 0, w: 6, h: 6 } },
  ],
};

describe('dashboard migrations', () => {
  it('has one step per version up to the current one', () => {
    expect(MIGRATIONS).toHaveLength(CURRENT_DASHBOARD_VERSION - 1);
  });

  it('v1 → v2 moves a time series’ unit and threshold out of options onto the panel and adds zone, variables and links', () => {
    const v2 = migrateDashboard(v1) as Record<string, unknown> & { panels: Record<string, unknown>[] };
    expect(v2.schemaVersion).toBe(2);
    expect(v2.timezone).toBe('local');
    expect(v2.variables).toEqual([]);
    expect(v2.links).toEqual([]);
    expect(v2.panels[0]).toEqual({
      ...v1.panels[0],
      unit: 'percent',
      thresholds: { below: true, steps: [{ value: 0.8, color: 'red' }] },
      options: { min: 0, max: 1 },
    });
    expect(v2.panels[1]).toEqual(v1.panels[1]);
    expect(v2.panels[2]).toEqual(v1.panels[2]);
    // The panel draws exactly what it drew before the migration.
    const parsed = DashboardSchema.parse(v1);
    expect(panelOptions(parsed.panels[0]!, 'timeseries')).toEqual({ unit: 'percent', min: 0, max: 1, threshold: { value: 0.8, below: true }, stacked: false });
  });

  it('leaves a current document alone and refuses one from a newer build in words', () => {
    const current = DashboardSchema.parse(v1);
    expect(migrateDashboard(current)).toBe(current);
    const newer = DashboardSchema.safeParse({ ...current, schemaVersion: 3 });
    expect(newer.success).toBe(false);
    expect(newer.error?.issues[0]?.message).toBe('this build reads dashboards up to schemaVersion 2');
  });

  it('passes what is not an object through for the schema to reject', () => {
    expect(migrateDashboard('x')).toBe('x');
    expect(DashboardSchema.safeParse(null).success).toBe(false);
  });
});
