import type { Span, SpanStatus } from '../../../shared/model/traces';

/**
 * A span's status in words: the code, why, and what the span itself said when that differs
 * ("error: HTTP 504 (the span reported ok)"). "unset" means nothing said how it went.
 */
export function statusLine(status: SpanStatus): string {
  let line: string = status.code;
  if (status.message) line += `: ${status.message}`;
  if (status.reported && status.reported !== status.code) line += ` (the span reported ${status.reported})`;
  return line;
}

/**
 * Who the parent is, never reading like the span itself: a server half shares its client's
 * id (Zipkin's B3), so it names the client row instead of repeating the id.
 */
export function parentLine(span: Span, parent: Span | undefined): string {
  if (!parent) return `${span.parentId} (not in this trace)`;
  const parentId = parent.reportedId ?? parent.spanId;
  if (span.reportedId !== undefined && span.reportedId === parentId) {
    return `the ${parent.kind} half of this call in ${parent.service} ("${parent.operation}"), which reported the same span id`;
  }
  return `${parentId} · ${parent.service} "${parent.operation}"`;
}
