import { TOKEN_PARAM } from '../../../../shared/api/wire';
import { type TraceLink, formatTraceDeepLink, formatTraceHash } from '../../../../shared/trace/trace-link';

export interface LinkContext {
  host: 'electron' | 'web' | 'offline' | undefined;
  role: 'operator' | 'viewer' | undefined;
  pageUrl: string;
  /** The credential this tab holds (renderer/src/api/token.ts keeps it in session storage). */
  storedToken: string | undefined;
}

/**
 * The address that opens this trace (and span) for someone else. The desktop app's is its
 * own scheme. The web host's is the page's address with the route; a viewer's link carries
 * the viewer credential, as a wall's address does (api/token.ts restoreWallToken says why
 * that is safe: it can only read). An operator's credential acts under their name, so it is
 * never put in a link: the person opening it uses their own (the page asks for it).
 */
export function shareableTraceLink(link: TraceLink, context: LinkContext): string {
  if (context.host === 'electron') return formatTraceDeepLink(link);
  const token = context.role === 'viewer' && context.storedToken ? { param: TOKEN_PARAM, value: context.storedToken } : undefined;
  return formatTraceWebUrl(context.pageUrl, link, token);
}

/** The page's own address with the route in the hash; its query (a wall's settings, a token) is dropped, the given token put back. */
export function formatTraceWebUrl(pageUrl: string, link: TraceLink, token?: { param: string; value: string }): string {
  const url = new URL(pageUrl);
  url.hash = '';
  url.search = '';
  if (token) url.searchParams.set(token.param, token.value);
  return `${url.toString().replace(/#$/, '')}${formatTraceHash(link)}`;
}
