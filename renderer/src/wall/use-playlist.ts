import { useEffect, useMemo } from 'react';
import type { Dashboard } from '../../../shared/model/dashboard';
import { useStore } from '../store/store';
import { type Slide, slidesFor } from './playlist';
import { useWall } from './wall-store';

/**
 * The dashboards a playlist may name. Today the session carries one (the war room); when
 * the host offers a list of dashboards (the dashboards registry), that list goes here and
 * nothing else in the wall changes: `slidesFor` already resolves ids against any list.
 */
function useDashboards(): Dashboard[] {
  const dashboard = useStore((s) => s.session?.dashboard);
  return useMemo(() => (dashboard ? [dashboard] : []), [dashboard]);
}

const NO_SLIDES: Slide[] = [];

export interface PlaylistView {
  current: Slide;
  next: Slide;
  index: number;
  count: number;
  skipped: string[];
}

/** The slide on screen, turning each when its seconds are up; undefined with no playlist. */
export function usePlaylist(): PlaylistView | undefined {
  const playlist = useWall((s) => s.playlist);
  const dashboards = useDashboards();
  const resolved = useMemo(() => (playlist ? slidesFor(playlist, dashboards) : undefined), [playlist, dashboards]);
  const slide = useWall((s) => s.slide);
  const endsAt = useWall((s) => s.slideEndsAt);
  const paused = useWall((s) => s.pausedBy !== undefined);
  const slides = resolved?.slides ?? NO_SLIDES;
  const count = slides.length;

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

  if (count === 0) return undefined;
  const index = slide % count;
  return { current: slides[index]!, next: slides[(index + 1) % count]!, index, count, skipped: resolved?.skipped ?? [] };
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
