/**
 * The recording and alerting rules the demo fleet's metrics are read through. They are
 * defined once in shared/rules/lockstep-rules.ts (pure data, so the services can name a
 * recorded series a source lacks); the embedded demo evaluates them from here.
 */
export { alertExpr, alertRules, recordingRules, RULE_WINDOW, type AlertRule, type RecordingRule } from '../shared/rules/lockstep-rules';
