import type { Dashboard } from '../../../shared/model/dashboard';
import type { Playlist } from './playlist';

/** A dashboard the wall asked the host for: the dashboard, or why it could not be had. */
export type Fetched = { dashboard: Dashboard } | { error: string };

/** A playlist item the wall does not show, and why, in the words the ribbon uses. */
export interface SkippedItem {
  id: string;
  reason: string;
}

const ROW = /^(.+)\/row-(\d+)$/;

/** The library dashboard an item shows: itself, or the dashboard whose row band it names; undefined when neither is offered. */
export function libraryIdOf(itemId: string, offered: ReadonlySet<string>): string | undefined {
  if (offered.has(itemId)) return itemId;
  const parent = ROW.exec(itemId)?.[1];
  return parent !== undefined && offered.has(parent) ? parent : undefined;
}

/** The dashboards to fetch for a playlist: each offered one it names, once, in the playlist's order. */
export function dashboardsToFetch(playlist: Playlist, offered: ReadonlySet<string>, have: ReadonlyMap<string, Fetched>): string[] {
  const ids: string[] = [];
  for (const item of playlist.items) {
    const id = libraryIdOf(item.dashboardId, offered);
    if (id !== undefined && !have.has(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export type LibraryResolution = { ready: false } | { ready: true; dashboards: Dashboard[]; skipped: SkippedItem[] };

/**
 * The dashboards a playlist's slides come from, once every offered one it names has been
 * fetched (before that, not ready: the wall keeps showing what it shows rather than start a
 * rotation that will change under it). An id the host does not offer is skipped, "no such
 * dashboard"; one the host offers but failed to send is skipped with the host's reason.
 * `offered` is the host's dashboard list (listDashboards), undefined until it has loaded.
 */
export function resolveLibrary(playlist: Playlist, offered: ReadonlySet<string> | undefined, fetched: ReadonlyMap<string, Fetched>): LibraryResolution {
  if (!offered) return { ready: false };
  const dashboards = new Map<string, Dashboard>();
  const skipped: SkippedItem[] = [];
  for (const item of playlist.items) {
    const id = libraryIdOf(item.dashboardId, offered);
    if (id === undefined) {
      skipped.push({ id: item.dashboardId, reason: 'no such dashboard' });
      continue;
    }
    const got = fetched.get(id);
    if (!got) return { ready: false };
    if ('error' in got) skipped.push({ id: item.dashboardId, reason: `could not be loaded: ${got.error}` });
    else dashboards.set(id, got.dashboard);
  }
  return { ready: true, dashboards: [...dashboards.values()], skipped };
}

/**
 * Why `slidesFor` left out an item of a dashboard that exists: a row band the dashboard
 * does not have ("war-room/row-7").
 */
export function missingRowReason(itemId: string): string {
  const match = ROW.exec(itemId);
  return match ? `${match[1]} has no row ${match[2]}` : 'no such dashboard';
}

/** "skipped: x — no such dashboard", as the wall says it. */
export function skippedText(item: SkippedItem): string {
  return `skipped: ${item.id} — ${item.reason}`;
}

/**
 * The dashboards the host offers, and the one on screen when the list does not name it. The
 * same ids whichever listed dashboard is on screen, so a slide turn leaves them equal.
 */
export function offeredDashboardIds(list: readonly { id: string }[], sessionId: string | undefined): string[] {
  const ids = list.map((d) => d.id);
  if (sessionId && !ids.includes(sessionId)) ids.push(sessionId);
  return ids;
}
