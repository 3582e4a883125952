import { describe, expect, it } from 'vitest';
import { DashboardSchema, type Dashboard } from '../../../shared/model/dashboard';
import { DEFAULT_SLIDE_SECONDS, panelGroups, parsePlaylistParam, slidesFor } from './playlist';
import { readWallParams } from './wall-params';

const panel = (id: string, x: number, y: number, w: number, h: number) => ({ id, kind: 'timeseries', title: id.toUpperCase(), grid: { x, y, w, h }, targets: [], options: {} });

// The war room's shape (services/dashboards/war-room.ts): three bands of rows.
const warRoom: Dashboard = DashboardSchema.parse({
  id: 'war-room',
  title: 'War room',
  rangeSeconds: 900,
  refreshSeconds: 5,
  panels: [panel('a', 0, 0, 12, 6), panel('b', 12, 0, 12, 6), panel('c', 0, 6, 24, 7), panel('d', 0, 13, 14, 8), panel('e', 14, 13, 10, 8)],
});
const payments: Dashboard = DashboardSchema.parse({ id: 'payments', title: 'Payments', rangeSeconds: 900, refreshSeconds: 5, panels: [panel('p', 0, 0, 24, 8)] });

describe('playlist address', () => {
  it('reads the short form with per-item seconds, and the JSON form', () => {
    expect(parsePlaylistParam('war-room:30, payments:15')).toEqual({ playlist: { items: [{ dashboardId: 'war-room', seconds: 30 }, { dashboardId: 'payments', seconds: 15 }] } });
    expect(parsePlaylistParam('{"items":[{"dashboardId":"war-room/row-2","seconds":7}]}')).toEqual({ playlist: { items: [{ dashboardId: 'war-room/row-2', seconds: 7 }] } });
    expect(parsePlaylistParam('war-room')).toEqual({ playlist: { items: [{ dashboardId: 'war-room', seconds: DEFAULT_SLIDE_SECONDS }] } });
  });

  it('refuses zero, negative and non-numeric seconds with one sentence', () => {
    for (const bad of ['war-room:0', 'war-room:-3', 'war-room:soon', '', '{"items":', '{"items":[]}']) {
      const result = parsePlaylistParam(bad);
      expect(result).toHaveProperty('error');
      expect('error' in result && result.error).toMatch(/^The playlist in the address/);
    }
  });

  it('kiosk and playlist imply the wall; contrast is its own switch', () => {
    expect(readWallParams('?kiosk=1')).toMatchObject({ wall: true, kiosk: true, contrast: false });
    expect(readWallParams('?playlist=war-room:5&contrast=1')).toMatchObject({ wall: true, kiosk: false, contrast: true, playlist: { items: [{ dashboardId: 'war-room', seconds: 5 }] } });
    expect(readWallParams('?token=x')).toEqual({ wall: false, kiosk: false, contrast: false });
    expect(readWallParams('?playlist=x:0').playlistError).toBeDefined();
  });
});

describe('slides', () => {
  it('splits a dashboard into bands of rows no panel crosses, moved to the top', () => {
    const groups = panelGroups(warRoom);
    expect(groups.map((g) => g.map((p) => p.id))).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
    expect(groups[2]!.map((p) => p.grid.y)).toEqual([0, 0]);
  });

  it('shows named dashboards and row groups, each for its own seconds', () => {
    const { slides, skipped } = slidesFor({ items: [{ dashboardId: 'payments', seconds: 4 }, { dashboardId: 'war-room/row-3', seconds: 9 }, { dashboardId: 'nope', seconds: 3 }] }, [warRoom, payments]);
    expect(slides.map((s) => [s.key, s.seconds, s.panels.map((p) => p.id).join('')])).toEqual([
      ['payments', 4, 'p'],
      ['war-room/row-3', 9, 'de'],
    ]);
    expect(skipped).toEqual(['nope']);
  });

  it('with one dashboard, rotates its panel groups, taking the seconds in turn', () => {
    const { slides } = slidesFor({ items: [{ dashboardId: 'war-room', seconds: 3 }, { dashboardId: 'war-room', seconds: 6 }] }, [warRoom]);
    // Two whole war rooms are two slides already: they are kept.
    expect(slides.map((s) => s.key)).toEqual(['war-room', 'war-room']);
    const fallback = slidesFor({ items: [{ dashboardId: 'war-room', seconds: 3 }, { dashboardId: 'elsewhere', seconds: 6 }] }, [warRoom]);
    expect(fallback.slides.map((s) => [s.key, s.seconds])).toEqual([
      ['war-room/row-1', 3],
      ['war-room/row-2', 6],
      ['war-room/row-3', 3],
    ]);
    expect(fallback.skipped).toEqual(['elsewhere']);
  });
});
