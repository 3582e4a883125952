import type { LogLevel, LogLine } from '../model/logs';
import { messagePattern } from './patterns';

/** One kind of error: every line whose message reduces to the same pattern. */
export interface ErrorGroup {
  pattern: string;
  /** The worst level among its lines (error over warn). */
  level: Extract<LogLevel, 'error' | 'warn'>;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Services that wrote it, most lines first. */
  services: string[];
  /** Its newest line, to read in full. */
  example: LogLine;
  /** First seen within the last `newWithinMs` of a window that also holds older lines. */
  isNew: boolean;
}

export interface GroupOptions {
  includeWarn: boolean;
  /** How recent a pattern's first line must be to count as new (default 5 min). */
  newWithinMs?: number;
  serviceOf(line: LogLine): string;
}

export const NEW_PATTERN_MS = 5 * 60_000;

/** Patterns per line object: a live buffer regroups often, and each line is normalised once. */
const patternCache = new WeakMap<LogLine, string>();

export function patternOf(line: LogLine): string {
  let pattern = patternCache.get(line);
  if (pattern === undefined) {
    pattern = messagePattern(line.message);
    patternCache.set(line, pattern);
  }
  return pattern;
}

/** One chunk of lines reduced: error/warn lines per (service, level, pattern), and the chunk's time span. */
export interface PartialGroups {
  oldest: number;
  newest: number;
  entries: Map<string, { service: string; level: 'error' | 'warn'; pattern: string; count: number; firstSeen: number; lastSeen: number; example: LogLine }>;
}

/** Reduces lines once; partials of a live buffer's older chunks are kept and merged (see renderer/src/panels/chunked-tally.ts). */
export function partialGroups(lines: Iterable<LogLine>, serviceOf: (line: LogLine) => string): PartialGroups {
  const part: PartialGroups = { oldest: Infinity, newest: -Infinity, entries: new Map() };
  for (const line of lines) {
    if (line.time < part.oldest) part.oldest = line.time;
    if (line.time > part.newest) part.newest = line.time;
    if (line.level !== 'error' && line.level !== 'warn') continue;
    const pattern = patternOf(line);
    const service = serviceOf(line);
    const key = `${service}\u0000${line.level}\u0000${pattern}`;
    const e = part.entries.get(key);
    if (!e) {
      part.entries.set(key, { service, level: line.level, pattern, count: 1, firstSeen: line.time, lastSeen: line.time, example: line });
      continue;
    }
    e.count += 1;
    if (line.time < e.firstSeen) e.firstSeen = line.time;
    if (line.time >= e.lastSeen) {
      e.lastSeen = line.time;
      e.example = line;
    }
  }
  return part;
}

interface Acc {
  group: Omit<ErrorGroup, 'services' | 'isNew'>;
  services: Map<string, number>;
}

/** Error (and, asked for, warn) groups from partials, optionally only some services' lines. */
export function mergeGroups(parts: readonly PartialGroups[], options: Omit<GroupOptions, 'serviceOf'> & { services?: ReadonlySet<string> }): ErrorGroup[] {
  const within = options.newWithinMs ?? NEW_PATTERN_MS;
  const groups = new Map<string, Acc>();
  let oldest = Infinity;
  let newest = -Infinity;
  for (const part of parts) {
    if (part.oldest < oldest) oldest = part.oldest;
    if (part.newest > newest) newest = part.newest;
    for (const e of part.entries.values()) {
      if (e.level === 'warn' && !options.includeWarn) continue;
      if (options.services && options.services.size > 0 && !options.services.has(e.service)) continue;
      const acc = groups.get(e.pattern);
      if (!acc) {
        groups.set(e.pattern, { group: { pattern: e.pattern, level: e.level, count: e.count, firstSeen: e.firstSeen, lastSeen: e.lastSeen, example: e.example }, services: new Map([[e.service, e.count]]) });
        continue;
      }
      const g = acc.group;
      g.count += e.count;
      if (e.level === 'error') g.level = 'error';
      if (e.firstSeen < g.firstSeen) g.firstSeen = e.firstSeen;
      if (e.lastSeen >= g.lastSeen) {
        g.lastSeen = e.lastSeen;
        g.example = e.example;
      }
      acc.services.set(e.service, (acc.services.get(e.service) ?? 0) + e.count);
    }
  }
  const newSince = newest - within;
  const hasBaseline = oldest < newSince;
  return [...groups.values()]
    .map(({ group, services }) => ({
      ...group,
      services: [...services.entries()].filter(([name]) => name !== '').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name),
      isNew: hasBaseline && group.firstSeen >= newSince,
    }))
    .sort((a, b) => b.lastSeen - a.lastSeen || b.count - a.count || a.pattern.localeCompare(b.pattern));
}

/**
 * Error (and, asked for, warn) lines grouped by message pattern, newest activity first.
 * "New" needs a baseline: a pattern is new only when the window also holds lines older
 * than the last few minutes, so a freshly opened panel does not call everything new.
 */
export function groupErrors(lines: Iterable<LogLine>, options: GroupOptions): ErrorGroup[] {
  return mergeGroups([partialGroups(lines, options.serviceOf)], options);
}
