import { useEffect } from 'react';
import { useStore } from '../store/store';
import { LazyShortcutsDialog, LazyTraceInputDialog, LazyTraceSearchScreen, LazyTraceView } from './lazy-views';

/** What a reader can still open with no host behind the page: the rest (settings, acknowledging, rolling back) needs the host anyway. */
export const OFFLINE_VIEWS = [LazyTraceView, LazyTraceSearchScreen, LazyTraceInputDialog, LazyShortcutsDialog];

/** How long a live console lets its first panels have the machine before fetching these. */
export const LIVE_PRELOAD_DELAY_MS = 3_000;

/**
 * The page must keep working when whatever served it is gone (the `npm run open` host
 * stopped, the network cut, then an incident file opened in this page): once a session is on
 * screen, the views its reader may still open without a host are fetched ahead of their first
 * use — at once when reviewing a file, a few seconds after the first panels otherwise.
 */
export function usePreloadOfflineViews(): void {
  const mode = useStore((s) => s.session?.mode);
  const loaded = mode !== undefined;
  const reviewing = mode === 'bundle';
  useEffect(() => {
    if (!loaded) return;
    const timer = setTimeout(() => {
      for (const view of OFFLINE_VIEWS) void view.preload();
    }, reviewing ? 0 : LIVE_PRELOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [loaded, reviewing]);
}
