import { useEffect, useMemo, useState } from 'react';
import type { Dashboard } from '../../../shared/model/dashboard';
import { errorText } from '../api/parse';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/store';
import { type Playlist, type Slide, slidesFor } from './playlist';
import { dashboardsToFetch, type Fetched, missingRowReason, offeredDashboardIds, resolveLibrary, type SkippedItem, skippedText } from './playlist-library';
import { useWall } from './wall-store';

/**
 * The dashboards a playlist names, from the host's library (listDashboards, then
 * getDashboard for each one named): built-in, config-folder and saved dashboards alike.
 * Undefined until each has arrived or failed, so a rotation never starts half-known.
 */
function useLibrary(playlist: Playlist | undefined): { dashboards: Dashboard[]; skipped: SkippedItem[] } | undefined {
  const client = useStore((s) => s.client);
  // The list is known once it has entries (the host always offers its built-in one) or said why it has none.
  // Compared by content: the session's dashboard changes at every slide turn, to one the list
  // already names, and a new set each time would resolve the whole playlist again.
  const offeredIds = useStore(useShallow((s) => (s.dashboardList.length > 0 || s.dashboardProblems.length > 0 ? offeredDashboardIds(s.dashboardList, s.session?.dashboard.id) : undefined)));
  const [fetched, setFetched] = useState<{ client: unknown; map: ReadonlyMap<string, Fetched> }>({ client: undefined, map: new Map() });
  const offered = useMemo(() => offeredIds && new Set(offeredIds), [offeredIds]);
  const have = fetched.client === client ? fetched.map : EMPTY;

  useEffect(() => {
    if (!playlist || !offered || !client) return;
    const wanted = dashboardsToFetch(playlist, offered, have);
    if (wanted.length === 0) return;
    let live = true;
    void Promise.all(
      wanted.map(async (id): Promise<[string, Fetched]> => {
        try {
          return [id, { dashboard: (await client.call('getDashboard', { id })).dashboard }];
        } catch (error) {
          return [id, { error: errorText(error) }];
        }
      }),
    ).then((entries) => {
      if (live) setFetched((prev) => ({ client, map: new Map([...(prev.client === client ? prev.map : EMPTY), ...entries]) }));
    });
    return () => {
      live = false;
    };
  }, [playlist, offered, client, have]);

  return useMemo(() => {
    if (!playlist) return undefined;
    const resolution = resolveLibrary(playlist, offered, have);
    return resolution.ready ? { dashboards: resolution.dashboards, skipped: resolution.skipped } : undefined;
  }, [playlist, offered, have]);
}

const EMPTY: ReadonlyMap<string, Fetched> = new Map();
const NO_SLIDES: Slide[] = [];

export interface PlaylistView {
  current: Slide;
  next: Slide;
  /** Every slide, in turn (the ribbon reserves the width of the longest title). */
  slides: readonly Slide[];
  index: number;
  count: number;
  /** Items not shown, each with why ("skipped: x — no such dashboard"). */
  skipped: SkippedItem[];
}

/** The slide on screen, turning each when its seconds are up; undefined with no playlist. */
export function usePlaylist(): PlaylistView | undefined {
  const playlist = useWall((s) => s.playlist);
  const library = useLibrary(playlist);
  const resolved = useMemo(() => {
    if (!playlist || !library) return undefined;
    const { slides, skipped } = slidesFor(playlist, library.dashboards);
    const said = new Set(library.skipped.map((s) => s.id));
    // What slidesFor left out beyond the library's skips: a row band its dashboard lacks.
    return { slides, skipped: [...library.skipped, ...skipped.filter((id) => !said.has(id)).map((id) => ({ id, reason: missingRowReason(id) }))] };
  }, [playlist, library]);
  const slide = useWall((s) => s.slide);
  const endsAt = useWall((s) => s.slideEndsAt);
  const paused = useWall((s) => s.pausedBy !== undefined);
  const slides = resolved?.slides ?? NO_SLIDES;
  const count = slides.length;

  // A playlist with nothing to show has no ribbon to say why: a notification says it instead.
  const nothingShown = resolved && count === 0 && resolved.skipped.length > 0 ? resolved.skipped.map(skippedText).join('; ') : undefined;
  useEffect(() => {
    if (nothingShown) useStore.getState().pushToast({ id: 'playlist-empty', title: 'Playlist not used', body: `None of its dashboards can be shown (${nothingShown}); check the ids against the dashboard picker.`, severity: 'warning' });
  }, [nothingShown]);

  // The first slide's clock starts once the slides are known.
  useEffect(() => {
    const state = useWall.getState();
    if (count > 0 && state.slideEndsAt === undefined && state.remainingMs === undefined) state.show(0, slides[0]!.seconds, Date.now());
  }, [count, slides]);

  useEffect(() => {
    if (count < 2 || paused || endsAt === undefined) return;
    const timer = setTimeout(() => {
      const next = (slide + 1) % count;
      useWall.getState().show(next, slides[next]!.seconds, Date.now());
    }, Math.max(0, endsAt - Date.now()));
    return () => clearTimeout(timer);
  }, [slide, endsAt, paused, count, slides]);

  // The slide's dashboard becomes the one on screen, so its queries (and variables) are the live ones.
  const current = count > 0 ? slides[slide % count] : undefined;
  useEffect(() => {
    if (!current) return;
    const state = useStore.getState();
    if (!state.session || state.session.dashboard.id === current.dashboard.id) return;
    state.showDashboard(current.dashboard, false).catch((error: unknown) => {
      useStore.getState().pushToast({ id: 'playlist-slide', title: 'Playlist slide not shown', body: `The wall could not switch to “${current.dashboard.title}”: ${errorText(error)}. Check the host is reachable.`, severity: 'warning' });
    });
  }, [current]);

  if (count === 0) return undefined;
  const index = slide % count;
  return { current: slides[index]!, next: slides[(index + 1) % count]!, slides, index, count, skipped: resolved?.skipped ?? [] };
}

/**
 * Someone using the keyboard on the wall (Tab into the alerts, say) is reading: the
 * playlist waits while focus is on anything but the page itself, and goes on when it leaves.
 */
export function usePauseOnFocus(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target as Element | null;
      if (target && target !== document.body && !target.closest('[data-playlist-control]')) useWall.getState().pause('focus', Date.now());
    };
    const onFocusOut = (event: FocusEvent) => {
      const next = event.relatedTarget as Element | null;
      if (!next || next === document.body) useWall.getState().resume(Date.now(), 'focus');
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [enabled]);
}
