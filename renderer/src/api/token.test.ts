import { describe, expect, it } from 'vitest';
import { rememberPastedToken, takeToken } from './token';

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
