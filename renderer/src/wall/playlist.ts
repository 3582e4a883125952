import { z } from 'zod';
import type { Dashboard, Panel } from '../../../shared/model/dashboard';

/**
 * A wall's playlist: dashboards shown in turn, each for its own number of seconds. The
 * same shape in the config and the URL: `{ items: [{ dashboardId, seconds }] }`; the URL
 * also takes the short form `playlist=war-room:30,payments:20`.
 *
 * `dashboardId` names a dashboard the host offers; `<dashboardId>/row-<n>` names one band of
 * its rows (its panel group: the panels that share rows, counted from the top, from 1).
 * While the host offers a single dashboard (the war room today), a playlist that names
 * fewer than two showable items rotates that dashboard's panel groups instead, so a wall
 * still turns its pages, each group filling the screen.
 */
export const PlaylistItemSchema = z.object({ dashboardId: z.string().min(1).max(200), seconds: z.number().int().min(1).max(86_400) });
export const PlaylistSchema = z.object({ items: z.array(PlaylistItemSchema).min(1).max(100) });
export type PlaylistItem = z.infer<typeof PlaylistItemSchema>;
export type Playlist = z.infer<typeof PlaylistSchema>;

/** When a fallback rotation has no seconds of its own. */
export const DEFAULT_SLIDE_SECONDS = 20;

/** The `playlist=` URL value as a playlist; an error sentence says what is wrong with it. */
export function parsePlaylistParam(value: string): { playlist: Playlist } | { error: string } {
  const text = value.trim();
  let candidate: unknown;
  if (text.startsWith('{')) {
    try {
      candidate = JSON.parse(text);
    } catch {
      return { error: 'The playlist in the address is not valid JSON; write it as playlist=dashboard:seconds,dashboard:seconds.' };
    }
  } else {
    candidate = {
      items: text
        .split(',')
        .filter((part) => part.trim() !== '')
        .map((part) => {
          const at = part.lastIndexOf(':');
          return at < 0 ? { dashboardId: part.trim(), seconds: DEFAULT_SLIDE_SECONDS } : { dashboardId: part.slice(0, at).trim(), seconds: Number(part.slice(at + 1)) };
        }),
    };
  }
  const parsed = PlaylistSchema.safeParse(candidate);
  if (!parsed.success) return { error: 'The playlist in the address needs one or more dashboard:seconds items, each shown 1 to 86,400 seconds; e.g. playlist=war-room:30,war-room/row-2:15.' };
  return { playlist: parsed.data };
}

/** One page of the wall: which dashboard, which of its panels (re-based to the top row), how long. */
export interface Slide {
  key: string;
  title: string;
  dashboard: Dashboard;
  panels: Panel[];
  seconds: number;
}

/**
 * The dashboard's panel groups: bands of rows no panel crosses (each band is a full
 * stripe of the 24-column grid), top to bottom, with the panels moved up to row 0.
 */
export function panelGroups(dashboard: Dashboard): Panel[][] {
  const sorted = [...dashboard.panels].sort((a, b) => a.grid.y - b.grid.y);
  const groups: { end: number; panels: Panel[] }[] = [];
  for (const panel of sorted) {
    const last = groups.at(-1);
    if (last && panel.grid.y < last.end) {
      last.panels.push(panel);
      last.end = Math.max(last.end, panel.grid.y + panel.grid.h);
    } else groups.push({ end: panel.grid.y + panel.grid.h, panels: [panel] });
  }
  return groups.map(({ panels }) => rebase(panels));
}

/** Panels moved up so the topmost starts at row 0: a group fills the screen from the top. */
export function rebase(panels: readonly Panel[]): Panel[] {
  const top = Math.min(...panels.map((p) => p.grid.y));
  return panels.map((p) => ({ ...p, grid: { ...p.grid, y: p.grid.y - top } }));
}

function groupSlide(dashboard: Dashboard, groups: Panel[][], row: number, seconds: number): Slide | undefined {
  const panels = groups[row - 1];
  if (!panels) return undefined;
  const names = panels.map((p) => p.title).join(', ');
  return { key: `${dashboard.id}/row-${row}`, title: `${dashboard.title} — ${names}`, dashboard, panels, seconds };
}

/**
 * The slides a playlist shows on this host, and the items it had to skip (named, so the
 * wall says which entry of its address points at nothing).
 */
export function slidesFor(playlist: Playlist, dashboards: readonly Dashboard[]): { slides: Slide[]; skipped: string[] } {
  const byId = new Map(dashboards.map((d) => [d.id, d]));
  const slides: Slide[] = [];
  const skipped: string[] = [];
  for (const item of playlist.items) {
    const whole = byId.get(item.dashboardId);
    if (whole) {
      slides.push({ key: whole.id, title: whole.title, dashboard: whole, panels: whole.panels, seconds: item.seconds });
      continue;
    }
    const match = /^(.+)\/row-(\d+)$/.exec(item.dashboardId);
    const parent = match ? byId.get(match[1]!) : undefined;
    const slide = parent ? groupSlide(parent, panelGroups(parent), Number(match![2]), item.seconds) : undefined;
    if (slide) slides.push(slide);
    else skipped.push(item.dashboardId);
  }
  const only = dashboards.length === 1 ? dashboards[0] : undefined;
  if (slides.length < 2 && only) {
    // One dashboard: turn its panel groups instead, with the playlist's seconds in turn.
    const groups = panelGroups(only);
    const seconds = playlist.items.map((i) => i.seconds);
    const rotation = groups.flatMap((_, index) => groupSlide(only, groups, index + 1, seconds[index % seconds.length] ?? DEFAULT_SLIDE_SECONDS) ?? []);
    if (rotation.length >= 2) return { slides: rotation, skipped };
  }
  return { slides, skipped };
}
