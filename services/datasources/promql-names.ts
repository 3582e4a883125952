/**
 * The metric names a PromQL expression reads, found with a small tokenizer rather than a
 * parser: names before `{`, standalone identifiers that are not functions, keywords or
 * label lists, and `__name__="…"` matchers. Enough to ask a source whether those names
 * exist when a query returns nothing (missing-metrics.ts); an expression it cannot follow
 * yields fewer names, never a wrong one that is not in the text.
 */

/** Binary operators, modifiers and literals that look like identifiers. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
/** Keywords followed by a parenthesised list of label names, never metric names. */
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const IDENT_START = /[A-Za-z_:]/;
const IDENT_PART = /[A-Za-z0-9_:]/;

export interface NameAt {
  name: string;
  /** Offset of the name in the expression. */
  index: number;
}

/** Each metric name the expression reads, once, in order of first appearance. */
export function metricNames(expr: string): string[] {
  return [...new Set(metricNameTokens(expr).map((t) => t.name))];
}

export function metricNameTokens(expr: string): NameAt[] {
  const names: NameAt[] = [];
  let i = 0;
  const n = expr.length;
  const skipSpace = (from: number): number => {
    let j = from;
    while (j < n) {
      if (/\s/.test(expr[j]!)) j++;
      else if (expr[j] === '#') while (j < n && expr[j] !== '\n') j++;
      else break;
    }
    return j;
  };
  while (i < n) {
    const c = expr[i]!;
    if (c === '#') {
      while (i < n && expr[i] !== '\n') i++;
    } else if (c === '"' || c === "'" || c === '`') {
      i = endOfString(expr, i);
    } else if (c === '{') {
      // A selector with no name in front: `{__name__="up", job="x"}`.
      const end = endOfBraces(expr, i);
      const named = nameMatcher(expr.slice(i + 1, end - 1));
      if (named) names.push({ name: named, index: i });
      i = end;
    } else if (c === '[') {
      // A range or subquery: durations only.
      while (i < n && expr[i] !== ']') i++;
      i++;
    } else if (/[0-9.]/.test(c)) {
      // Numbers and durations: 0.95, 1e3, 0x1f, 5m, 1h30m.
      while (i < n && /[0-9A-Za-z_.]/.test(expr[i]!)) i++;
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < n && IDENT_PART.test(expr[i]!)) i++;
      const word = expr.slice(start, i);
      const next = skipSpace(i);
      const lower = word.toLowerCase();
      if (LABEL_LIST_KEYWORDS.has(lower)) {
        if (expr[next] === '(') i = endOfParens(expr, next);
      } else if (KEYWORDS.has(lower)) {
        // an operator or literal
      } else if (expr[next] === '(' || isAggregationClause(expr, next)) {
        // a function or aggregation (`sum by (city) (…)`): its arguments are read on the next turns
      } else {
        names.push({ name: word, index: start });
      }
    } else {
      i++;
    }
  }
  return names;
}

/** `by (` or `without (` at `at`: the identifier before it was an aggregation operator. */
function isAggregationClause(expr: string, at: number): boolean {
  return /^(by|without)\s*\(/i.test(expr.slice(at, at + 20));
}

function endOfString(expr: string, open: number): number {
  const quote = expr[open];
  let i = open + 1;
  while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' && quote !== '`' ? 2 : 1;
  return i + 1;
}

function endOfBraces(expr: string, open: number): number {
  let i = open + 1;
  while (i < expr.length && expr[i] !== '}') {
    if (expr[i] === '"' || expr[i] === "'" || expr[i] === '`') i = endOfString(expr, i);
    else i++;
  }
  return i + 1;
}

function endOfParens(expr: string, open: number): number {
  let i = open + 1;
  while (i < expr.length && expr[i] !== ')') i++;
  return i + 1;
}

/** The name from an exact `__name__="x"` matcher inside braces, if there is one. */
function nameMatcher(inside: string): string | undefined {
  const match = /(?:^|,)\s*__name__\s*=\s*(["'`])([A-Za-z_:][A-Za-z0-9_:]*)\1/.exec(inside);
  return match?.[2];
}
