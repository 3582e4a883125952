/**
 * Conditional GET (RFC 9110 §13): a browser revalidating index.html, or a wall screen
 * reloading every few hours, gets a 304 instead of the file when it already has it.
 */

/** A weak validator from size and modification time: cheap, and changes with every build. */
export function etagFor(size: number, modifiedMs: number): string {
  return `W/"${size.toString(16)}-${Math.floor(modifiedMs).toString(16)}"`;
}

export interface ConditionalHeaders {
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
}

/** True when the client's copy is current. If-None-Match, when present, decides alone (§13.2.2). */
export function isNotModified(headers: ConditionalHeaders, etag: string, modifiedMs: number): boolean {
  if (headers.ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    const wanted = opaque(etag);
    return headers.ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    // HTTP dates have whole seconds; an unparseable date is ignored, as the RFC says.
    return Number.isFinite(since) && Math.floor(modifiedMs / 1000) * 1000 <= since;
  }
  return false;
}
