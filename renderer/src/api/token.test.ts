import { describe, expect, it } from 'vitest';
import { rememberPastedToken, restoreWallToken, takeToken } from './token';

function env(href: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  return {
    replaced,
    store,
    location: { href },
    history: { state: null, replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
  };
}

describe('takeToken', () => {
  it('takes the token from the URL, strips it from the address bar and keeps it for the tab', () => {
    const e = env('http://127.0.0.1:5000/?wall=1&token=abc123#x');
    expect(takeToken(e)).toBe('abc123');
    expect(e.replaced).toEqual(['/?wall=1#x']);
    expect([...e.store.values()]).toEqual(['abc123']);
  });

  it('falls back to the kept token after a reload', () => {
    const e = env('http://127.0.0.1:5000/');
    e.store.set('lockstep.token', 'kept');
    expect(takeToken(e)).toBe('kept');
    expect(e.replaced).toEqual([]);
  });

  it('accepts a pasted address or bare token, nothing else', () => {
    const e = env('http://x/');
    expect(rememberPastedToken('http://127.0.0.1:1/?token=abcdefgh12', e.storage)).toBe(true);
    expect(e.store.get('lockstep.token')).toBe('abcdefgh12');
    expect(rememberPastedToken('hello world', e.storage)).toBe(false);
  });
});

describe('restoreWallToken', () => {
  it('puts the viewer token back into a wall address, so the bookmark survives restarts', () => {
    const e = env('http://127.0.0.1:5000/?wall=1&kiosk=1&token=view123');
    takeToken(e);
    e.location.href = `http://127.0.0.1:5000${e.replaced[0]}`;
    expect(restoreWallToken(e, 'viewer')).toBe(true);
    expect(e.replaced[1]).toBe('/?wall=1&kiosk=1&token=view123');
  });

  it('never puts an operator token back, wall or not', () => {
    const e = env('http://127.0.0.1:5000/?wall=1&token=op123');
    takeToken(e);
    e.location.href = `http://127.0.0.1:5000${e.replaced[0]}`;
    expect(restoreWallToken(e, 'operator')).toBe(false);
    expect(restoreWallToken(e, undefined)).toBe(false);
    expect(e.replaced).toEqual(['/?wall=1']);
  });

  it('leaves a viewer on the desk console (no wall=1) with a clean address', () => {
    const e = env('http://127.0.0.1:5000/?token=view123');
    takeToken(e);
    e.location.href = `http://127.0.0.1:5000${e.replaced[0]}`;
    expect(restoreWallToken(e, 'viewer')).toBe(false);
    expect(e.replaced).toEqual(['/']);
  });
});
