import { useEffect } from 'react';
import { useStore } from '../store/store';

/**
 * Auto-refresh stops while the page is hidden (another tab, a minimised window) and starts
 * again, with fresh data, when it shows: nobody is looking, so the sources are not asked.
 */
export function usePageVisibility(): void {
  useEffect(() => {
    const update = () => void useStore.getState().setPageHidden(document.visibilityState === 'hidden');
    document.addEventListener('visibilitychange', update);
    update();
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
}
