import type { Panel, Variable } from '../../../shared/model/dashboard';
import { type BuiltinValues, interpolate, type VariableState } from '../../../shared/dashboards/variables';

/**
 * The panel as it is drawn and queried now: `$city`, `${service}`, `$__interval` … replaced in
 * its title, its targets' expressions and a logs panel's query (shared/dashboards/variables.ts).
 * Components then see plain queries and need not know about variables.
 */
export function resolvePanel(panel: Panel, variables: readonly Variable[], states: Readonly<Record<string, VariableState>>, builtins: BuiltinValues): Panel {
  if (variables.length === 0 && !/\$__|\$\{__/.test(JSON.stringify(panel.targets) + String(panel.options.query ?? ''))) return panel;
  const sub = (text: string) => interpolate(text, variables, states, builtins);
  return {
    ...panel,
    title: sub(panel.title),
    targets: panel.targets.map((t) => ({ ...t, expr: sub(t.expr) })),
    options: typeof panel.options.query === 'string' ? { ...panel.options, query: sub(panel.options.query) } : panel.options,
  };
}
