import { type ComponentType, lazy, Suspense } from 'react';
import { ChunkBoundary } from './ChunkBoundary';
import './lazy-view.css';

export interface LazyViewOptions {
  /** What the chunk holds, in words, for the progress line and a failure: "the trace explorer". */
  what: string;
  /** overlay: a full-window screen or dialog; inline: a part of a panel or bar. */
  placement: 'overlay' | 'inline';
}

/**
 * A view whose code is fetched the first time it is drawn (a separate chunk; see
 * vite.renderer.config.ts), so the first dashboard does not wait for it. While the chunk
 * loads, a progress line says what is coming; if it cannot load, ChunkBoundary says so.
 */
export type LazyView<P extends object> = ComponentType<P> & {
  /** Fetches the chunk now, before the view is drawn; a failure here is left for the view to report. */
  preload(): Promise<void>;
};

export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, options: LazyViewOptions): LazyView<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function LazyView(props: P) {
    return (
      <ChunkBoundary what={options.what} placement={options.placement}>
        <Suspense fallback={<LazyViewLoading {...options} />}>
          <Lazy {...props} />
        </Suspense>
      </ChunkBoundary>
    );
  }
  LazyView.displayName = `Lazy(${options.what})`;
  // The browser keeps a module it has fetched, so the later import() of the view finds it there.
  const preload = () => load().then(
    () => undefined,
    () => undefined,
  );
  return Object.assign(LazyView, { preload });
}

export function LazyViewLoading({ what, placement }: LazyViewOptions) {
  return (
    <div className={`lazy-view lazy-view--${placement}`} role="status" data-testid="lazy-view-loading">
      <span className="lazy-view__bar" aria-hidden="true" />
      <span>Loading {what}…</span>
    </div>
  );
}
