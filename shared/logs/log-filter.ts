import type { LogLevel, LogLine } from '../model/logs';
import { patternOf } from './error-groups';
import { compileUserRegex } from './safe-regex';

const SERVICE_LABELS = ['service', 'service_name', 'app', 'job', 'container'];

/** The model's service, else a label that names one (older sources, offline files). */
export function lineService(line: LogLine): string {
  if (line.service) return line.service;
  for (const key of SERVICE_LABELS) if (line.labels[key]) return line.labels[key]!;
  return '';
}

/** The search box: nothing, plain text, a `/regex/`, or a regex that cannot be used (and why). */
export type LogSearch = { kind: 'none' } | { kind: 'text'; needle: string } | { kind: 'regex'; re: RegExp } | { kind: 'invalid'; message: string };

/** Case-insensitive always; `/…/` is a regular expression, anything else is text. */
export function parseLogSearch(input: string): LogSearch {
  const text = input.trim();
  if (text === '') return { kind: 'none' };
  const regex = /^\/(.+)\/$/s.exec(text);
  if (!regex) return { kind: 'text', needle: text.toLowerCase() };
  const compiled = compileUserRegex(regex[1]!, 'gi');
  return 'error' in compiled ? { kind: 'invalid', message: compiled.error } : { kind: 'regex', re: compiled.re };
}

/** Only this much of a line is searched: a hostile megabyte line must not stall typing. */
const MAX_SEARCH_CHARS = 10_000;
const MAX_MARKS = 50;

function clip(text: string): string {
  return text.length > MAX_SEARCH_CHARS ? text.slice(0, MAX_SEARCH_CHARS) : text;
}

export function textMatches(text: string, search: LogSearch): boolean {
  if (search.kind === 'text') return clip(text).toLowerCase().includes(search.needle);
  if (search.kind === 'regex') {
    search.re.lastIndex = 0;
    const hit = search.re.test(clip(text));
    search.re.lastIndex = 0;
    return hit;
  }
  return true;
}

/** Where the search matches in a text, as [start, end) ranges in order, for highlighting. */
export function highlightRanges(text: string, search: LogSearch): [number, number][] {
  const body = clip(text);
  const ranges: [number, number][] = [];
  if (search.kind === 'text') {
    const lower = body.toLowerCase();
    for (let at = lower.indexOf(search.needle); at >= 0 && ranges.length < MAX_MARKS; at = lower.indexOf(search.needle, at + search.needle.length)) {
      ranges.push([at, at + search.needle.length]);
    }
  } else if (search.kind === 'regex') {
    search.re.lastIndex = 0;
    for (const match of body.matchAll(search.re)) {
      if (ranges.length >= MAX_MARKS) break;
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  return ranges;
}

export interface LogFilter {
  /** Levels shown; empty means all. */
  levels: ReadonlySet<LogLevel>;
  /** Services shown; empty means all. */
  services: ReadonlySet<string>;
  search: LogSearch;
  /** Only lines of this error pattern (from the patterns view). */
  pattern?: string;
}

export const NO_FILTER: LogFilter = { levels: new Set(), services: new Set(), search: { kind: 'none' } };

export function isFiltering(filter: LogFilter): boolean {
  return filter.levels.size > 0 || filter.services.size > 0 || filter.pattern !== undefined || filter.search.kind === 'text' || filter.search.kind === 'regex';
}

/** A line passes when its level, its service and the search all allow it (searched: the message and field values). */
export function lineMatches(line: LogLine, filter: LogFilter): boolean {
  if (filter.levels.size > 0 && !filter.levels.has(line.level)) return false;
  if (filter.services.size > 0 && !filter.services.has(lineService(line))) return false;
  if (filter.pattern !== undefined && patternOf(line) !== filter.pattern) return false;
  if (filter.search.kind !== 'text' && filter.search.kind !== 'regex') return true;
  if (textMatches(line.message, filter.search)) return true;
  for (const value of Object.values(line.fields ?? {})) if (textMatches(value, filter.search)) return true;
  return false;
}

export interface Facets {
  levels: Map<LogLevel, number>;
  services: Map<string, number>;
}

/** How many lines each level and each service has, for the filter chips. */
export function facetCounts(lines: Iterable<LogLine>): Facets {
  const levels = new Map<LogLevel, number>();
  const services = new Map<string, number>();
  for (const line of lines) {
    levels.set(line.level, (levels.get(line.level) ?? 0) + 1);
    const service = lineService(line);
    services.set(service, (services.get(service) ?? 0) + 1);
  }
  return { levels, services };
}

/** Facets of several parts added up. */
export function mergeFacets(parts: readonly Facets[]): Facets {
  const levels = new Map<LogLevel, number>();
  const services = new Map<string, number>();
  for (const part of parts) {
    for (const [k, n] of part.levels) levels.set(k, (levels.get(k) ?? 0) + n);
    for (const [k, n] of part.services) services.set(k, (services.get(k) ?? 0) + n);
  }
  return { levels, services };
}
