import { describe, expect, it } from 'vitest';
import { DashboardSchema, type Dashboard } from '../../../shared/model/dashboard';
import { slidesFor } from './playlist';
import { dashboardsToFetch, type Fetched, libraryIdOf, missingRowReason, offeredDashboardIds, resolveLibrary, skippedText } from './playlist-library';

const panel = (id: string, y: number) => ({ id, kind: 'timeseries', title: id, grid: { x: 0, y, w: 24, h: 6 }, targets: [], options: {} });
const board = (id: string, rows: number): Dashboard => DashboardSchema.parse({ id, title: id.toUpperCase(), rangeSeconds: 900, refreshSeconds: 5, panels: Array.from({ length: rows }, (_, i) => panel(`${id}-${i}`, i * 6)) });
const offered = new Set(['war-room', 'service-health', 'payments']);

describe('a playlist over the dashboard library', () => {
  it('fetches each offered dashboard it names once, a row band through its dashboard, and nothing it has', () => {
    const playlist = { items: [{ dashboardId: 'payments', seconds: 5 }, { dashboardId: 'war-room/row-2', seconds: 7 }, { dashboardId: 'payments', seconds: 9 }, { dashboardId: 'nope', seconds: 3 }] };
    expect(dashboardsToFetch(playlist, offered, new Map())).toEqual(['payments', 'war-room']);
    expect(dashboardsToFetch(playlist, offered, new Map<string, Fetched>([['payments', { dashboard: board('payments', 1) }]]))).toEqual(['war-room']);
    expect(libraryIdOf('war-room/row-2', offered)).toBe('war-room');
    expect(libraryIdOf('nope/row-2', offered)).toBeUndefined();
  });

  it('is not ready until the list and every named dashboard have come', () => {
    const playlist = { items: [{ dashboardId: 'service-health', seconds: 4 }, { dashboardId: 'payments', seconds: 6 }] };
    expect(resolveLibrary(playlist, undefined, new Map())).toEqual({ ready: false });
    expect(resolveLibrary(playlist, offered, new Map<string, Fetched>([['payments', { dashboard: board('payments', 1) }]]))).toEqual({ ready: false });
  });

  it('shows two library dashboards in turn, each for its own seconds, and says which ids it skipped and why', () => {
    const playlist = { items: [{ dashboardId: 'service-health', seconds: 4 }, { dashboardId: 'ghost', seconds: 2 }, { dashboardId: 'payments', seconds: 6 }, { dashboardId: 'war-room', seconds: 8 }, { dashboardId: 'payments/row-9', seconds: 3 }] };
    const fetched = new Map<string, Fetched>([
      ['service-health', { dashboard: board('service-health', 2) }],
      ['payments', { dashboard: board('payments', 1) }],
      ['war-room', { error: 'the host did not answer in 10 s' }],
    ]);
    const resolution = resolveLibrary(playlist, offered, fetched);
    expect(resolution.ready).toBe(true);
    if (!resolution.ready) return;
    expect(resolution.dashboards.map((d) => d.id)).toEqual(['service-health', 'payments']);
    expect(resolution.skipped.map(skippedText)).toEqual(['skipped: ghost — no such dashboard', 'skipped: war-room — could not be loaded: the host did not answer in 10 s']);
    const { slides, skipped } = slidesFor(playlist, resolution.dashboards);
    expect(slides.map((s) => [s.key, s.seconds])).toEqual([
      ['service-health', 4],
      ['payments', 6],
    ]);
    // The row band the payments dashboard lacks is left out by slidesFor; the wall names why.
    expect(skipped.filter((id) => !resolution.skipped.some((s) => s.id === id)).map(missingRowReason)).toEqual(['payments has no row 9']);
  });

  it('offers the listed dashboards, and the one on screen only when the list does not name it', () => {
    const list = [{ id: 'war-room' }, { id: 'lock-fleet' }];
    expect(offeredDashboardIds(list, 'war-room')).toEqual(['war-room', 'lock-fleet']);
    // A slide turn to another listed dashboard leaves the offer the same.
    expect(offeredDashboardIds(list, 'lock-fleet')).toEqual(offeredDashboardIds(list, 'war-room'));
    expect(offeredDashboardIds(list, 'imported-1')).toEqual(['war-room', 'lock-fleet', 'imported-1']);
    expect(offeredDashboardIds([], 'war-room')).toEqual(['war-room']);
    expect(offeredDashboardIds(list, undefined)).toEqual(['war-room', 'lock-fleet']);
  });
});
