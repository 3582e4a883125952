import type { Span } from '../model/traces';
import { parseDurationText } from './duration-text';
import { spanMatches, tagMatcher } from './find-spans';
import type { TraceLayout } from './layout-types';

/** What the waterfall's filter bar asks for; every field set must match (AND). */
export interface SpanFilter {
  service?: string;
  operation?: string;
  /** Microseconds. */
  minDuration?: number;
  errorsOnly?: boolean;
  /** `key=value`: that attribute, value as a substring (find-spans.ts). */
  tag?: string;
  /** Anything the span says (find-spans.ts). */
  text?: string;
}

export function isEmptyFilter(filter: SpanFilter): boolean {
  return !filter.service && !filter.operation && !(filter.minDuration && filter.minDuration > 0) && !filter.errorsOnly && !filter.tag?.trim() && !filter.text?.trim();
}

/** A predicate for one filter, or undefined when the filter asks for nothing. */
export function spanPredicate(filter: SpanFilter): ((span: Span) => boolean) | undefined {
  if (isEmptyFilter(filter)) return undefined;
  const tests: ((span: Span) => boolean)[] = [];
  if (filter.service) tests.push((s) => s.service === filter.service);
  if (filter.operation) {
    const op = filter.operation;
    tests.push((s) => s.operation === op);
  }
  if (filter.minDuration && filter.minDuration > 0) {
    const min = filter.minDuration;
    tests.push((s) => !s.unfinished && s.duration >= min);
  }
  if (filter.errorsOnly) tests.push((s) => s.status.code === 'error');
  const tag = filter.tag?.trim().toLowerCase();
  if (tag) {
    const eq = tag.indexOf('=');
    // "key" alone matches any span that has the attribute at all.
    tests.push(eq > 0 ? tagMatcher(tag.slice(0, eq).trim(), tag.slice(eq + 1).trim()) : (s) => Object.keys(s.attributes).some((k) => k.toLowerCase() === tag));
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) tests.push((s) => spanMatches(s, text));
  return (span) => tests.every((t) => t(span));
}

/** Span indexes matching the filter, in the order of `rows` (the rows on screen). */
export function filterRows(layout: Pick<TraceLayout, 'spans'>, rows: readonly { spanIndex: number }[], filter: SpanFilter): number[] {
  const match = spanPredicate(filter);
  if (!match) return [];
  const out: number[] = [];
  for (const row of rows) if (match(layout.spans[row.spanIndex]!)) out.push(row.spanIndex);
  return out;
}

/**
 * Parses the minimum duration the user typed into the filter bar (shared/trace/duration-text.ts):
 * undefined for empty, an Error saying what is wrong otherwise.
 */
export function parseMinDuration(text: string): number | undefined | Error {
  const parsed = parseDurationText(text);
  if (parsed.ok) return parsed.us;
  return parsed.problem === 'empty' ? undefined : new Error(parsed.message);
}
