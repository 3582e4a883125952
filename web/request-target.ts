/**
 * The request target of an HTTP request, parsed without ever throwing. `new URL(target,
 * base)` throws on `//` (it reads an empty authority) and mis-reads `//evil/x` as another
 * host, and one throw inside a request handler used to end the whole web host.
 */
export interface RequestTarget {
  /** Still percent-encoded, with `.` and `..` segments folded. */
  pathname: string;
  query: URLSearchParams;
  /** Only for absolute-form (`GET http://host:port/x`): the authority it names. */
  authority?: string;
}

/** Longer than any URL the console makes (the token is 32 characters); Node caps the request line anyway. */
const MAX_TARGET_CHARS = 8 * 1024;

/** Null for anything that is not a path this host could serve: `*`, authority-form, `//…`, empty, too long, other schemes. */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || raw.length > MAX_TARGET_CHARS) return null;
  try {
    // `//x` is a valid origin-form path, but most URL parsers (browsers, proxies, `new URL`)
    // read it as a scheme-relative URL naming the host x. This host has no such paths, so
    // refusing them outright leaves no room for the two readings to differ.
    if (raw.startsWith('//')) return null;
    if (raw.startsWith('/')) {
      // A fixed authority in front makes every origin-form target a path on it.
      const url = new URL(`http://target.invalid${raw}`);
      return { pathname: url.pathname, query: url.searchParams };
    }
    // Absolute-form must be accepted by an origin server too (RFC 9112 §3.2.2).
    if (/^https?:\/\//i.test(raw)) {
      const url = new URL(raw);
      if (url.username || url.password) return null;
      return { pathname: url.pathname, query: url.searchParams, authority: url.host };
    }
  } catch {
    return null;
  }
  return null;
}
