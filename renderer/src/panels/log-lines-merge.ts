import type { LogLine } from '../../../shared/model/logs';

/** One line's identity on screen: the same line from a refresh and from the tail is one line. */
export function lineKey(line: LogLine): string {
  return line.id ?? `${line.nanos ?? line.time}|${line.service ?? ''}|${line.message}`;
}
