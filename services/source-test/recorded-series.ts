import type { Dashboard } from '../../shared';
import { recordingRuleNamed } from '../../shared/rules/lockstep-rules';
import { metricNames } from '../datasources/promql-names';

/**
 * The recorded series (Lockstep's recording rules, shared/rules/lockstep-rules.ts) the
 * dashboard's panels read, once each, in panel order: what a metrics source must have for
 * those panels to fill.
 */
export function recordedSeriesOf(dashboard: Dashboard): string[] {
  const names = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricNames(target.expr)));
  return [...new Set(names)].filter((name) => recordingRuleNamed(name) !== undefined);
}

/** A selector matching any of `names` (metric names hold only [a-zA-Z0-9_:], none special in a regular expression). */
export function anyOf(names: readonly string[]): string {
  return `{__name__=~"${names.join('|')}"}`;
}
