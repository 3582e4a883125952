import { NOTE_ALERTNAME } from '../model/alerts';
import {
  cumulativeWaits,
  ESCALATION_ALERTNAME,
  rateLimitIntervalSeconds,
  receiverName,
  WATCHDOG_ALERTNAME,
  type EscalationPolicy,
  type Template,
} from './policy';

/**
 * Compiles a policy into what Prometheus and Alertmanager run, so escalation happens in
 * the infrastructure the team already operates — exactly once per level whether zero,
 * one or several consoles are open — and stops when an acknowledgement silence mutes the
 * incident's alerts (it mutes their escalation alerts too: those carry the same labels).
 *
 * The output is plain data; stack/ writes it as YAML for the local stack and
 * `npm run escalation -- write DIR` writes it for a team's own servers (never pushed).
 */

export type PromRule = {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

export type RuleGroup = {
  name: string;
  rules: PromRule[];
};

export type AmRoute = {
  receiver: string;
  matchers: string[];
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
};

export type AmReceiver = {
  name: string;
  webhook_configs?: Array<{ url: string; send_resolved: boolean; max_alerts: number }>;
};

export type CompiledRoutes = {
  /** Child routes to put first under the root route, in this order. */
  routes: AmRoute[];
  /** Receivers the routes name that the policy defines (not those of `receiver` targets). */
  receivers: AmReceiver[];
  /** What the generated routing does about the rate limit, for a comment atop the file. */
  notes: string[];
};

/** The receiver with no integrations: it takes the Watchdog and notes, which must reach Alertmanager and page nobody. */
export const NULL_RECEIVER = 'null';

/** The always-firing alert whose absence means alerting is blind. */
export const WATCHDOG_RULE: PromRule = {
  alert: WATCHDOG_ALERTNAME,
  expr: 'vector(1)',
  labels: { severity: 'none' },
  annotations: {
    summary: 'The alerting pipeline is alive',
    description:
      'Always firing, by design: while it reaches Alertmanager, Prometheus evaluates rules and delivers alerts. When it is missing, alerting is blind.',
  },
};

const quote = (value: string): string => JSON.stringify(value);

function selector(policy: EscalationPolicy): string {
  const matchers = [
    'alertstate="firing"',
    ...Object.entries(policy.match).map(([k, v]) => `${k}=${quote(v)}`),
    `alertname!=${quote(ESCALATION_ALERTNAME)}`,
    `alertname!=${quote(WATCHDOG_ALERTNAME)}`,
  ];
  return `ALERTS{${matchers.join(',')}}`;
}

/** Level names as shown to people: "A", "B", … */
export function levelTitle(name: string): string {
  return name.toUpperCase();
}

/**
 * The level's annotations; with templates, a Go-template switch on the domain label picks
 * the domain's text (one rule per level: promtool refuses two rules with equal labels).
 */
function escalationAnnotations(policy: EscalationPolicy, level: string): Record<string, string> {
  const lead = `Escalated to level ${levelTitle(level)}: nobody acknowledged {{ $labels.escalated_alert }}`;
  if (!policy.templates) return { summary: lead, description: '' };
  const { label, byValue, fallback } = policy.templates;
  const pick = (field: keyof Template): string => {
    const branches = Object.entries(byValue).map(([value, template], i) => `{{ ${i === 0 ? 'if' : 'else if'} eq (index $labels ${quote(label)}) ${quote(value)} }}${template[field]}`);
    return branches.length === 0 ? fallback[field] : `${branches.join('')}{{ else }}${fallback[field]}{{ end }}`;
  };
  return { summary: `${lead} — ${pick('summary')}`, description: pick('description') };
}

/**
 * Prometheus alerting rules: for each level after A, an alert that fires once a source
 * alert of the policy has been firing for the cumulative wait. Its labels are the source
 * alert's labels, plus alertname="LockstepEscalation", escalation="<level>",
 * escalated_alert="<source alertname>".
 */
export function compileRules(policy: EscalationPolicy): RuleGroup {
  const waits = cumulativeWaits(policy);
  const rules: PromRule[] = policy.levels.slice(1).map((level, i) => ({
    alert: ESCALATION_ALERTNAME,
    // `without (alertstate)` keeps every other label of the source alert unchanged.
    expr: `label_replace(max without (alertstate) (${selector(policy)}), "escalated_alert", "$1", "alertname", "(.+)")`,
    for: `${waits[i + 1]}s`,
    labels: { escalation: level.name, severity: 'critical' },
    annotations: escalationAnnotations(policy, level.name),
  }));
  return { name: `lockstep-escalation-${policy.id}`, rules: [...rules, WATCHDOG_RULE] };
}

/** Group-by labels of a level's route; escalation alerts group by the alert they escalate. */
function levelGroupBy(policy: EscalationPolicy, first: boolean): string[] {
  if (first) return [...policy.groupBy];
  return [...policy.groupBy.filter((l) => l !== 'alertname'), 'escalated_alert'];
}

/**
 * Alertmanager routes, to go first under the root route:
 * 0. LockstepNote (notes on incidents, posted by consoles) → the null receiver, before
 *    anything else: a note is shared through Alertmanager and must page nobody;
 * 1. Watchdog → a null receiver (it must arrive, and page nobody);
 * 2. the policy's alerts (not escalation alerts) → level A, with `continue: true`, so a
 *    route the team keeps after these (a chat channel copy, say) still sees them;
 * 3. LockstepEscalation{escalation="b"} → level B, {escalation="c"} → C, … These match only
 *    escalation alerts, so they can never take a source alert's page away from A.
 */
export function compileRoutes(policy: EscalationPolicy, options: { webhookBase?: string } = {}): CompiledRoutes {
  const interval = rateLimitIntervalSeconds(policy);
  const timing = {
    group_wait: `${policy.groupWaitSeconds}s`,
    group_interval: `${interval}s`,
    repeat_interval: `${policy.repeatSeconds}s`,
  };
  const policyMatchers = Object.entries(policy.match).map(([k, v]) => `${k}=${quote(v)}`);
  const routes: AmRoute[] = [
    { receiver: NULL_RECEIVER, matchers: [`alertname=${quote(NOTE_ALERTNAME)}`] },
    { receiver: NULL_RECEIVER, matchers: [`alertname=${quote(WATCHDOG_ALERTNAME)}`] },
  ];
  const receivers: AmReceiver[] = [{ name: NULL_RECEIVER }];
  for (const [i, level] of policy.levels.entries()) {
    const name = receiverName(policy, level);
    routes.push(
      i === 0
        ? { receiver: name, matchers: [...policyMatchers, `alertname!=${quote(ESCALATION_ALERTNAME)}`], continue: true, group_by: levelGroupBy(policy, true), ...timing }
        : { receiver: name, matchers: [`alertname=${quote(ESCALATION_ALERTNAME)}`, `escalation=${quote(level.name)}`], group_by: levelGroupBy(policy, false), ...timing },
    );
    if (level.target.kind === 'receiver') continue;
    const url = level.target.webhook ?? (options.webhookBase ? `${options.webhookBase.replace(/\/+$/, '')}/${name}` : undefined);
    if (!url) throw new Error(`level ${level.name} of policy ${policy.id} has no webhook to reach ${describeTarget(level.target)}; give the target a webhook, or a base URL for all (--webhook-base)`);
    if (!receivers.some((r) => r.name === name)) receivers.push({ name, webhook_configs: [{ url, send_resolved: true, max_alerts: 0 }] });
  }
  const perHour = Math.floor(3600 / interval) + 1;
  const notes = [
    `Escalation policy "${policy.id}": ${policy.levels.map((l, i) => `${levelTitle(l.name)} (${describeTarget(l.target)})${i < policy.levels.length - 1 ? ` after ${l.waitSeconds}s →` : ''}`).join(' ')}.`,
    `Rate limit: at most ${policy.maxMessagesPerHour} messages an hour to one target. Alertmanager has no per-receiver limit;`,
    `it notifies one alert group at most once per group_interval (${interval}s here), so ONE incident pages a target at most`,
    `${Math.min(perHour, policy.maxMessagesPerHour)} times in any hour, repeats (every ${policy.repeatSeconds}s) included. Several incidents open at once`,
    `are separate groups: k of them can reach k × ${policy.maxMessagesPerHour} an hour. A hard per-person cap needs group_by: [] on a`,
    `level's route (one bundle per person) at the cost of a later page for a second concurrent incident.`,
  ];
  return { routes, receivers, notes };
}

export function describeTarget(target: EscalationPolicy['levels'][number]['target']): string {
  if (target.kind === 'person') return target.person;
  if (target.kind === 'schedule') return `on call in ${target.schedule}`;
  return `receiver ${target.receiver}`;
}
