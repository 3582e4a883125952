/**
 * The renderer is served from a custom privileged scheme rather than file://, so it has
 * a real origin of its own: CSP 'self', sender checks and navigation guards can all be
 * stated against one origin that no web page can ever have.
 */
export const APP_SCHEME = 'lockstep';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to our own renderer. Node's URL reports origin "null" for
 * schemes it does not know, so compare scheme and host instead of `origin`.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Links a person clicks may open in their browser only when they are plain web pages. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
