import type { LogLine } from '../../../shared/model/logs';

/** One line's identity on screen: the same line from a refresh and from the tail is one line. */
export function lineKey(line: LogLine): string {
  return line.id ?? `${line.nanos ?? line.time}|${line.service ?? ''}|${line.message}`;
}

/**
 * New tail lines (oldest first, as they arrive) put on top of the list the panel shows
 * (newest first): lines already shown are left out, and the list keeps at most `limit`.
 */
export function mergeNewest(shown: readonly LogLine[], arrivedOldestFirst: readonly LogLine[], limit: number): LogLine[] {
  if (arrivedOldestFirst.length === 0) return shown.slice(0, limit);
  const known = new Set(shown.map(lineKey));
  const fresh: LogLine[] = [];
  for (let i = arrivedOldestFirst.length - 1; i >= 0; i--) {
    const line = arrivedOldestFirst[i]!;
    const key = lineKey(line);
    if (known.has(key)) continue;
    known.add(key);
    fresh.push(line);
  }
  return fresh.length === 0 ? shown.slice(0, limit) : [...fresh, ...shown].slice(0, limit);
}

/** React keys for a list: the line's identity, made unique where two lines are identical. */
export function rowKeys(lines: readonly LogLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const key = lineKey(line);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}#${n}`;
  });
}
