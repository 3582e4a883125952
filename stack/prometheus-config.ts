import { alertExpr, alertRules, recordingRules, RULE_WINDOW } from '../demo';
import { compileRules, DEFAULT_POLICY, TEST_POLICY, type EscalationPolicy } from '../shared/escalation';
import { toYaml } from './yaml';

export interface StackTiming {
  /** Scrape and rule evaluation interval. */
  intervalSeconds: number;
  /** Caps every alert's `for`, so tests see alerts fire within seconds. */
  maxForSeconds?: number;
  /** Replaces the rules' rate window (1m) so tests see changes sooner; names are kept. */
  rateWindow?: string;
  /** How long a console waits before an incident whose alerts ended resolves (default: the console's own, 120 s). */
  incidentQuietSeconds?: number;
}

export const NORMAL_TIMING: StackTiming = { intervalSeconds: 5 };
export const FAST_TIMING: StackTiming = { intervalSeconds: 1, maxForSeconds: 3, rateWindow: '15s', incidentQuietSeconds: 5 };

/** The escalation policy the stack runs: the demo fleet's, or in fast mode the same scaled to seconds (B after 8 s, C after 16 s). */
export function stackPolicy(fast: boolean): EscalationPolicy {
  return fast ? TEST_POLICY : DEFAULT_POLICY;
}

export interface PrometheusConfigInput {
  /** host:port of the demo fleet's /metrics. */
  demoTarget: string;
  /** host:port of Alertmanager. */
  alertmanagerTarget: string;
  rulesFile: string;
  timing: StackTiming;
}

export function prometheusConfigYaml(input: PrometheusConfigInput): string {
  return toYaml({
    global: {
      scrape_interval: `${input.timing.intervalSeconds}s`,
      evaluation_interval: `${input.timing.intervalSeconds}s`,
    },
    scrape_configs: [
      {
        job_name: 'demo-fleet',
        static_configs: [{ targets: [input.demoTarget], labels: { env: 'local-stack' } }],
      },
    ],
    rule_files: [input.rulesFile],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [input.alertmanagerTarget] }] }] },
  });
}

/**
 * The recording and alert rules of demo/rules.ts as a Prometheus rule file, with the
 * escalation policy's rules and the Watchdog (compiled by shared/escalation).
 */
export function rulesYaml(timing: StackTiming, policy: EscalationPolicy = timing === FAST_TIMING ? TEST_POLICY : DEFAULT_POLICY): string {
  const window = (expr: string): string =>
    timing.rateWindow ? expr.split(`[${RULE_WINDOW}]`).join(`[${timing.rateWindow}]`) : expr;
  const forSeconds = (seconds: number): number =>
    timing.maxForSeconds === undefined ? seconds : Math.min(seconds, timing.maxForSeconds);
  return toYaml({
    groups: [
      {
        name: 'lockstep-recording',
        rules: recordingRules.map((rule) => ({ record: rule.record, expr: window(rule.expr) })),
      },
      {
        name: 'lockstep-alerts',
        rules: alertRules.map((rule) => ({
          alert: rule.alert,
          expr: alertExpr(rule),
          for: `${forSeconds(rule.forSeconds)}s`,
          labels: rule.labels,
          annotations: rule.annotations,
        })),
      },
      compileRules(policy),
    ],
  });
}
