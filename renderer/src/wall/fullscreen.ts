import { useEffect, useState } from 'react';

/**
 * Kiosk: browsers grant full screen only in answer to a person's gesture, so the first
 * click or key press on the wall asks for it (a wall PC started with Chromium's `--kiosk`
 * is full screen already). Returns whether the page is full screen now.
 */
export function useKioskFullscreen(kiosk: boolean): boolean {
  const [full, setFull] = useState(() => typeof document !== 'undefined' && document.fullscreenElement !== null);
  useEffect(() => {
    if (!kiosk) return;
    const update = () => setFull(document.fullscreenElement !== null);
    const ask = () => {
      if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
      // Refused (an iframe, a policy): the wall still works, with the browser's bars.
      document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => undefined);
    };
    document.addEventListener('fullscreenchange', update);
    window.addEventListener('pointerdown', ask);
    window.addEventListener('keydown', ask);
    return () => {
      document.removeEventListener('fullscreenchange', update);
      window.removeEventListener('pointerdown', ask);
      window.removeEventListener('keydown', ask);
    };
  }, [kiosk]);
  return full;
}
