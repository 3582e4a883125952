import { renderLine, streamLabels, type DemoLogLine } from './log-store';

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}
export interface LineFilter {
  op: '|=' | '!=';
  text: string;
}
export interface LogSelector {
  matchers: LabelMatcher[];
  filters: LineFilter[];
}

/** Raised for queries outside the subset; the message is shown to the user as it is. */
export class LogQueryError extends Error {}

const SUPPORTED =
  'the demo fleet answers a LogQL subset: a stream selector like {service="lock-service", level="error"} ' +
  '(=, !=, =~, !~) followed by optional line filters |= "text" or != "text"';

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*/;
const FILTER = /^\s*(\|=|!=)\s*"((?:[^"\\]|\\.)*)"\s*/;

const unquote = (s: string): string => JSON.parse(`"${s}"`) as string;

export function parseLogQuery(query: string): LogSelector {
  let rest = query.trim();
  if (!rest.startsWith('{')) throw new LogQueryError(`cannot parse "${query}": ${SUPPORTED}`);
  rest = rest.slice(1);
  const matchers: LabelMatcher[] = [];
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('}')) break;
    const m = MATCHER.exec(rest);
    if (!m) throw new LogQueryError(`cannot parse the stream selector of "${query}": ${SUPPORTED}`);
    matchers.push({ name: m[1] ?? '', op: (m[2] ?? '=') as MatchOp, value: unquote(m[3] ?? '') });
    rest = rest.slice(m[0].length);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (!rest.startsWith('}')) throw new LogQueryError(`expected "," or "}" in "${query}": ${SUPPORTED}`);
  }
  rest = rest.slice(1);
  if (matchers.length === 0) throw new LogQueryError(`"${query}" needs at least one label matcher: ${SUPPORTED}`);
  const filters: LineFilter[] = [];
  while (rest.trim().length > 0) {
    const f = FILTER.exec(rest);
    if (!f) throw new LogQueryError(`"${rest.trim()}" is not supported: ${SUPPORTED}`);
    filters.push({ op: (f[1] ?? '|=') as LineFilter['op'], text: unquote(f[2] ?? '') });
    rest = rest.slice(f[0].length);
  }
  for (const m of matchers) if (m.op === '=~' || m.op === '!~') compileAnchored(m.value, query);
  return { matchers, filters };
}

const regexCache = new Map<string, RegExp>();
function compileAnchored(source: string, query: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    try {
      // Prometheus and Loki anchor label regexes at both ends.
      re = new RegExp(`^(?:${source})$`);
    } catch {
      throw new LogQueryError(`invalid regular expression "${source}" in "${query}"`);
    }
    regexCache.set(source, re);
  }
  return re;
}

export function labelsMatch(labels: Record<string, string>, matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) {
    const v = labels[m.name] ?? '';
    const ok =
      m.op === '=' ? v === m.value
      : m.op === '!=' ? v !== m.value
      : m.op === '=~' ? compileAnchored(m.value, '').test(v)
      : !compileAnchored(m.value, '').test(v);
    if (!ok) return false;
  }
  return true;
}

/** Whether a line's stream labels and text pass the selector and its line filters. */
export function lineMatches(l: DemoLogLine, sel: LogSelector): boolean {
  if (!labelsMatch(streamLabels(l), sel.matchers)) return false;
  if (sel.filters.length === 0) return true;
  const text = renderLine(l);
  return sel.filters.every((f) => text.includes(f.text) === (f.op === '|='));
}

export interface LogQueryOptions {
  startMs: number;
  endMs: number;
  limit: number;
  direction: 'forward' | 'backward';
}

/** Lines matching the selector in [start, end], newest first for `backward` (Loki's default). */
export function runLogQuery(lines: Iterable<DemoLogLine>, sel: LogSelector, opts: LogQueryOptions): DemoLogLine[] {
  const hits: DemoLogLine[] = [];
  for (const l of lines) {
    if (l.time < opts.startMs || l.time > opts.endMs) continue;
    if (lineMatches(l, sel)) hits.push(l);
  }
  // Decimal strings of equal length compare like the numbers they spell.
  const cmp = (a: DemoLogLine, b: DemoLogLine) =>
    a.nanos.length - b.nanos.length || (a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0);
  hits.sort(opts.direction === 'forward' ? cmp : (a, b) => cmp(b, a));
  return hits.slice(0, opts.limit);
}
