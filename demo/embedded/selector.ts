import { labelsMatch, type LabelMatcher, type MatchOp } from '../fleet/logql';

export interface InstantSelector {
  name: string;
  matchers: LabelMatcher[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*(,|$)/;

/**
 * Parses a PromQL instant-vector selector (`name` or `name{label op "value", ...}`); returns
 * undefined for anything else, so the caller can explain what the source answers.
 */
export function parseInstantSelector(expr: string): InstantSelector | undefined {
  const text = expr.trim();
  const brace = text.indexOf('{');
  const name = (brace < 0 ? text : text.slice(0, brace)).trim();
  if (!NAME.test(name)) return undefined;
  if (brace < 0) return { name, matchers: [] };
  if (!text.endsWith('}')) return undefined;
  let body = text.slice(brace + 1, -1).trim();
  const matchers: LabelMatcher[] = [];
  while (body.length > 0) {
    const m = MATCHER.exec(body);
    if (!m) return undefined;
    const raw = m[3] ?? m[4] ?? '';
    let value: string;
    try {
      value = JSON.parse(`"${raw.replace(/\\'/g, "'").replace(/(^|[^\\])"/g, '$1\\"')}"`) as string;
    } catch {
      return undefined;
    }
    matchers.push({ name: m[1] ?? '', op: (m[2] ?? '=') as MatchOp, value });
    body = body.slice(m[0].length).trim();
  }
  for (const m of matchers) {
    if (m.op !== '=~' && m.op !== '!~') continue;
    try {
      new RegExp(m.value);
    } catch {
      return undefined;
    }
  }
  return { name, matchers };
}

export function selectorMatches(sel: InstantSelector, name: string, labels: Record<string, string>): boolean {
  return sel.name === name && labelsMatch(labels, sel.matchers);
}
