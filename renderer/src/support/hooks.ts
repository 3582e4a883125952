import { useEffect, useRef, useState } from 'react';

/** The element's content size, kept up to date (charts downsample to its width). */
export function useElementSize<T extends HTMLElement>(): [React.RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver((entries) => {
      const rect = entries[0]?.contentRect;
      if (rect) setSize({ width: Math.floor(rect.width), height: Math.floor(rect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

/** True once `active` has stayed true for `ms`: progress shows only for slow things. */
export function useDelayed(active: boolean, ms = 1000): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), ms);
    return () => clearTimeout(timer);
  }, [active, ms]);
  return active && shown;
}

/** Calls `fn` now and every `seconds` while mounted (0: now only); a new `restartKey` starts over at once. */
export function useInterval(fn: () => void, seconds: number, restartKey?: unknown): void {
  const saved = useRef(fn);
  useEffect(() => {
    saved.current = fn;
  });
  useEffect(() => {
    saved.current();
    if (seconds <= 0) return;
    const timer = setInterval(() => saved.current(), Math.max(1, seconds) * 1000);
    return () => clearInterval(timer);
  }, [seconds, restartKey]);
}
