import { z } from 'zod';

/**
 * A link to one trace, and optionally one span in it: the web host's `#/trace/<id>?span=<id>`
 * and the desktop app's `lockstep://trace/<id>?span=<id>`. Ids are hex only (1–32 digits for
 * a trace, as TraceRequestSchema takes, 1–32 for a span), so a link can never carry a path,
 * a script or another page: it only ever names what to open.
 */
export const TraceLinkSchema = z.object({
  traceId: z.string().regex(/^[0-9a-f]{1,32}$/i),
  spanId: z.string().regex(/^[0-9a-f]{1,32}$/i).optional(),
});
export type TraceLink = z.infer<typeof TraceLinkSchema>;

export const TRACE_LINK_SCHEME = 'lockstep';
const HASH = /^#\/trace\/([^/?#]+)(?:\?(.*))?$/;

/** The span id a link may carry: the id as the backend reported it (a Zipkin server half shares its client's). */
export function linkableSpanId(span: { spanId: string; reportedId?: string }): string | undefined {
  const id = span.reportedId ?? span.spanId;
  return /^[0-9a-f]{1,32}$/i.test(id) ? id : undefined;
}

function fromParts(traceId: string, query: string | undefined): TraceLink | undefined {
  // Only `span`, at most once: anything else means the link was not made by Lockstep. Ids are
  // hex, so nothing in a valid link is percent-encoded and the query is read as written.
  const pairs = query === undefined ? [] : query.split('&');
  if (pairs.length > 1) return undefined;
  let span: string | undefined;
  if (pairs.length === 1) {
    const match = /^span=(.*)$/.exec(pairs[0]!);
    if (!match) return undefined;
    span = match[1]!;
  }
  const parsed = TraceLinkSchema.safeParse({ traceId, ...(span === undefined ? {} : { spanId: span }) });
  return parsed.success ? { traceId: parsed.data.traceId.toLowerCase(), ...(parsed.data.spanId ? { spanId: parsed.data.spanId.toLowerCase() } : {}) } : undefined;
}

/** `#/trace/<id>?span=<id>` → the link; undefined for any other hash. */
export function parseTraceHash(hash: string): TraceLink | undefined {
  const match = HASH.exec(hash);
  if (!match) return undefined;
  return fromParts(match[1]!, match[2]);
}

export function formatTraceHash(link: TraceLink): string {
  return `#/trace/${link.traceId}${link.spanId ? `?span=${link.spanId}` : ''}`;
}

const DEEP_LINK = /^lockstep:\/\/trace\/([^/?#@:]+)(?:\?([^#]*))?$/i;

/**
 * `lockstep://trace/<id>?span=<id>` exactly: no user, password, port, fragment, further path
 * or other parameter. Anything else (including `lockstep://app/…`, the app's own pages) is
 * not a trace link and answers undefined.
 */
export function parseTraceDeepLink(raw: string): TraceLink | undefined {
  if (raw.length > 300) return undefined;
  const match = DEEP_LINK.exec(raw);
  if (!match) return undefined;
  return fromParts(match[1]!, match[2]);
}

export function formatTraceDeepLink(link: TraceLink): string {
  return `${TRACE_LINK_SCHEME}://trace/${link.traceId}${link.spanId ? `?span=${link.spanId}` : ''}`;
}
