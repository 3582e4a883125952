import type { Variable } from '../model/dashboard';

/** The value `current` holds when All is chosen (Grafana's spelling, so imported dashboards keep their choice). */
export const ALL = '$__all';

/** What each variable stands for now: the chosen values, and every value it offers (for All). */
export interface VariableState {
  selected: readonly string[];
  options: readonly string[];
}

/** Built-ins every expression may use, as Grafana names them. */
export interface BuiltinValues {
  /** The query step, seconds. */
  stepSeconds: number;
  rangeSeconds: number;
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text `$name` becomes: one value as is; several, or All, as a regex alternation of the
 * values escaped (so they belong in `=~` matchers, as in Grafana); All with `allValue` as that.
 * A variable with nothing chosen and nothing to offer matches nothing rather than everything.
 */
export function variableText(variable: Pick<Variable, 'allValue'>, state: VariableState): string {
  const all = state.selected.includes(ALL);
  if (all && variable.allValue !== undefined) return variable.allValue;
  const values = all ? state.options : state.selected;
  if (values.length === 1) return values[0]!;
  if (values.length === 0) return '';
  return `(${values.map(escapeRegex).join('|')})`;
}

/**
 * Replaces `$name`, `${name}` and `[[name]]` (the three spellings Grafana reads) with the
 * variable's text, and `$__interval`, `$__rate_interval`, `$__range` with durations. A name
 * that is not a variable is left as written, so the query error names it.
 */
export function interpolate(expr: string, variables: readonly Variable[], states: Readonly<Record<string, VariableState>>, builtins: BuiltinValues): string {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const step = Math.max(1, Math.round(builtins.stepSeconds));
  const builtin: Record<string, string> = {
    __interval: `${step}s`,
    // Grafana's: at least four scrapes (15 s assumed) and a step plus a scrape, so rate() always has two samples.
    __rate_interval: `${Math.max(step + 15, 60)}s`,
    __range: `${Math.max(1, Math.round(builtins.rangeSeconds))}s`,
  };
  return expr.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, bracketed?: string, bare?: string) => {
    const name = (braced ?? bracketed ?? bare)!;
    if (Object.hasOwn(builtin, name)) return builtin[name]!;
    const variable = byName.get(name);
    if (!variable) return match;
    return variableText(variable, states[name] ?? { selected: variable.current, options: variable.options });
  });
}

/** The names an expression uses, in order, once each (to know which panels a change of variable touches). */
export function variablesUsed(expr: string, variables: readonly Variable[]): string[] {
  const used = variables.filter((v) => new RegExp(`\\$\\{${v.name}\\b|\\[\\[${v.name}\\]\\]|\\$${v.name}\\b`).test(expr));
  return used.map((v) => v.name);
}
