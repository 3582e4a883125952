import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { ChunkBoundary } from './ChunkBoundary';
import { chunkFailureSentence } from './chunk-failure';
import { lazyView } from './lazy-view';

const settle = () => new Promise((done) => setTimeout(done, 0));

describe('a lazily loaded view', () => {
  it('shows a progress line naming the view while its chunk loads, then the view itself', async () => {
    let resolve!: (c: (p: { name: string }) => React.ReactElement) => void;
    const load = vi.fn(() => new Promise<(p: { name: string }) => React.ReactElement>((r) => (resolve = r)));
    const View = lazyView(load, { what: 'the trace view', placement: 'overlay' });

    const pending = renderToStaticMarkup(<View name="a" />);
    expect(pending).toBe(
      '<div class="lazy-view lazy-view--overlay" role="status" data-testid="lazy-view-loading"><span class="lazy-view__bar" aria-hidden="true"></span><span>Loading the trace view…</span></div>',
    );
    expect(load).toHaveBeenCalledTimes(1);

    resolve(({ name }) => <p>hello {name}</p>);
    await settle();
    expect(renderToStaticMarkup(<View name="b" />)).toBe('<p>hello b</p>');
    // The chunk is fetched once, however often the view draws.
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fetches the chunk ahead when asked, and a failed fetch there is left for the view to report', async () => {
    const load = vi.fn(() => Promise.resolve(() => null));
    const View = lazyView(load, { what: 'the trace view', placement: 'overlay' });
    await View.preload();
    expect(load).toHaveBeenCalledTimes(1);
    const failing = lazyView(() => Promise.reject(new Error('offline')), { what: 'settings', placement: 'overlay' });
    await expect(failing.preload()).resolves.toBeUndefined();
  });

  it('does not fetch the chunk until the view is first drawn', () => {
    const load = vi.fn(() => new Promise<() => null>(() => undefined));
    lazyView(load, { what: 'settings', placement: 'overlay' });
    expect(load).not.toHaveBeenCalled();
  });
});

describe('a lazy view that failed', () => {
  const failed = (onReload?: () => void) => {
    const boundary = new ChunkBoundary({ what: 'settings', placement: 'inline', children: null, ...(onReload ? { onReload } : {}) });
    boundary.state = ChunkBoundary.getDerivedStateFromError(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:5/assets/SettingsView-AbCd1234.js'));
    return boundary.render() as React.ReactElement<{ children: React.ReactElement[] }>;
  };

  it('says in one sentence what could not load, why, and what to check, with a Reload button', () => {
    expect(renderToStaticMarkup(failed())).toBe(
      '<div class="lazy-view lazy-view--inline lazy-view--error" role="alert" data-testid="lazy-view-error"><span>Could not load settings (Failed to fetch dynamically imported module: http://127.0.0.1:5/assets/SettingsView-AbCd1234.js); the console may have been rebuilt or its server stopped since this page opened — check the host is running, then reload.</span><button type="button">Reload</button></div>',
    );
  });

  it('reloads when Reload is pressed', () => {
    const onReload = vi.fn();
    const button = failed(onReload).props.children[1] as React.ReactElement<{ onClick(): void }>;
    button.props.onClick();
    expect(onReload).toHaveBeenCalledTimes(1);
  });

  it('draws its children while nothing failed', () => {
    const boundary = new ChunkBoundary({ what: 'settings', placement: 'inline', children: <b>ok</b> });
    expect(renderToStaticMarkup(boundary.render() as React.ReactElement)).toBe('<b>ok</b>');
  });

  it('never ends the sentence on a doubled full stop, and names an empty reason', () => {
    expect(chunkFailureSentence('the console', 'Network error. ')).toMatch(/^Could not load the console \(Network error\); /);
    expect(chunkFailureSentence('the console', '')).toMatch(/^Could not load the console \(no reason given\); /);
  });
});
