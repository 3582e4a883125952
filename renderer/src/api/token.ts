import { TOKEN_PARAM } from '../../../shared/api/wire';

const STORAGE_KEY = 'lockstep.token';

interface TokenEnv {
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void; state: unknown };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * Takes the access token from the URL the web host printed, then removes it from the
 * address bar (so it is not shared in a screenshot or bookmark) and keeps it for this
 * tab only, so a reload still works.
 */
export function takeToken(env: TokenEnv): string | undefined {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get(TOKEN_PARAM);
  if (fromUrl) {
    env.storage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_PARAM);
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return env.storage.getItem(STORAGE_KEY) ?? undefined;
}

/** The credential this tab holds, if any (for a viewer's shareable links, trace/search/copy-link.ts). */
export function storedToken(storage: Pick<TokenEnv['storage'], 'getItem'>): string | undefined {
  return storage.getItem(STORAGE_KEY) ?? undefined;
}

/** Keeps a token the person pasted (a full address or the bare token); false if none was found. */
export function rememberPastedToken(text: string, storage: TokenEnv['storage']): boolean {
  const trimmed = text.trim();
  let token = trimmed;
  try {
    token = new URL(trimmed).searchParams.get(TOKEN_PARAM) ?? '';
  } catch {
    // Not a URL: treat it as the bare token.
  }
  if (!/^[A-Za-z0-9_-]{8,}$/.test(token)) return false;
  storage.setItem(STORAGE_KEY, token);
  return true;
}

/**
 * A wall screen's address must stay bookmarkable across restarts, so once the host has
 * said this tab holds the viewer credential and the page is a wall (`wall=1`), the token
 * goes back into the address bar. Why that is safe: the viewer credential can only read
 * (every action answers 403, web/access.ts), and a wall's screen already shows everything
 * that credential can read to the whole room; the address reveals no more than the screen.
 * Operator tokens act under a person's name and are never put back: they stay stripped.
 * Returns whether the address was changed.
 */
export function restoreWallToken(env: TokenEnv, role: 'operator' | 'viewer' | undefined): boolean {
  if (role !== 'viewer') return false;
  const url = new URL(env.location.href);
  // kiosk=1 and playlist= imply a wall (renderer/src/wall/wall-params.ts).
  const wall = url.searchParams.get('wall') === '1' || url.searchParams.get('kiosk') === '1' || url.searchParams.has('playlist');
  if (!wall || url.searchParams.has(TOKEN_PARAM)) return false;
  const token = env.storage.getItem(STORAGE_KEY);
  if (!token) return false;
  url.searchParams.set(TOKEN_PARAM, token);
  env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash);
  return true;
}
