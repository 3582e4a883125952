import type { Span } from '../model/traces';
import type { TraceLayout } from './layout-types';

/**
 * Span indexes matching a search, in display order; spans hidden by collapsing follow in
 * trace order so a match is never lost. Case-insensitive over service, operation, span id,
 * status message, attribute keys and values and events; `key=value` matches that tag (value as a substring).
 */
export function findSpans(layout: TraceLayout, text: string): number[] {
  const query = text.trim().toLowerCase();
  if (!query) return [];
  const eq = query.indexOf('=');
  const match =
    eq > 0
      ? tagMatcher(query.slice(0, eq).trim(), query.slice(eq + 1).trim())
      : (span: Span) => spanMatches(span, query);
  const { spans, rows } = layout;
  const seen = new Uint8Array(spans.length);
  const out: number[] = [];
  for (const row of rows) {
    seen[row.spanIndex] = 1;
    if (match(spans[row.spanIndex]!)) out.push(row.spanIndex);
  }
  for (let i = 0; i < spans.length; i += 1) if (!seen[i] && match(spans[i]!)) out.push(i);
  return out;
}

export function spanMatches(span: Span, query: string): boolean {
  if (
    span.service.toLowerCase().includes(query) ||
    span.operation.toLowerCase().includes(query) ||
    span.spanId.toLowerCase().includes(query) ||
    (span.status.message !== undefined && span.status.message.toLowerCase().includes(query))
  ) {
    return true;
  }
  for (const key in span.attributes) {
    if (key.toLowerCase().includes(query) || span.attributes[key]!.toLowerCase().includes(query)) return true;
  }
  for (const event of span.events) {
    if (event.name.toLowerCase().includes(query)) return true;
    for (const key in event.attributes) if (event.attributes[key]!.toLowerCase().includes(query)) return true;
  }
  return false;
}

export function tagMatcher(key: string, value: string): (span: Span) => boolean {
  return (span) => {
    for (const k in span.attributes) {
      if (k.toLowerCase() === key && span.attributes[k]!.toLowerCase().includes(value)) return true;
    }
    return false;
  };
}
