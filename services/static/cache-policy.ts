/**
 * How long a browser may keep each file of the built renderer. index.html names the
 * current bundle, so it is revalidated on every load (a wall screen that reloads must pick
 * up a new build); Vite's hashed files under assets/ never change under one name, so they
 * are kept for a year; anything else (favicon, files from renderer/public) briefly.
 */
export const CACHE_REVALIDATE = 'no-cache';
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_SHORT = 'public, max-age=300';

/** Vite's assetsDir; only files there carry a content hash. */
export const ASSETS_DIR = 'assets';

/**
 * Vite names a built file `name-HASH.ext` with an 8-character base64url hash
 * (`index-Dckp9p-7.js`, `index-fUSaQc16.css`, `index-Dckp9p-7.js.map`). A hash made only of
 * lowercase letters is possible but rare, and reading a plain word (`-fallback.js`) as
 * a hash would pin a mutable file for a year, so such names are treated as unhashed.
 */
const HASHED_NAME = /^[^/]+-([A-Za-z0-9_-]{8})(\.[A-Za-z0-9]+)+$/;

export function isHashedAsset(relativePath: string): boolean {
  const prefix = `${ASSETS_DIR}/`;
  if (!relativePath.startsWith(prefix)) return false;
  const match = HASHED_NAME.exec(relativePath.slice(prefix.length));
  return match !== null && /[^a-z]/.test(match[1] ?? '');
}

/** `relativePath` uses forward slashes, relative to the renderer root. */
export function cacheControlFor(relativePath: string): string {
  if (relativePath === 'index.html') return CACHE_REVALIDATE;
  return isHashedAsset(relativePath) ? CACHE_IMMUTABLE : CACHE_SHORT;
}
