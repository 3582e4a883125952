import { describe, expect, it } from 'vitest';
import {
  compileRoutes,
  compileRules,
  cumulativeWaits,
  DEFAULT_POLICY,
  ESCALATION_ALERTNAME,
  EscalationPolicySchema,
  escalationLabels,
  escalationsToRenew,
  manualEscalationAlert,
  MANUAL_ESCALATION_TTL_MS,
  rateLimitIntervalSeconds,
  templateFor,
  TEST_POLICY,
} from '.';

const source = {
  alertname: 'ServiceErrorRateHigh',
  labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical', domain: 'software' },
};

describe('escalation policy', () => {
  it('pages A at once, B after A’s wait, C after both', () => {
    expect(cumulativeWaits(DEFAULT_POLICY)).toEqual([0, 300, 900]);
    expect(cumulativeWaits(TEST_POLICY)).toEqual([0, 8, 16]);
  });

  it('turns "20 an hour" into a gap that allows at most 20 notifications in any hour', () => {
    const gap = rateLimitIntervalSeconds({ maxMessagesPerHour: 20 });
    expect(gap).toBe(181);
    // The densest possible sequence, one every `gap` seconds, inside a closed one-hour window.
    expect(Math.floor(3600 / gap) + 1).toBe(20);
    expect(Math.floor(3600 / (gap - 1)) + 1).toBe(21);
  });

  it('refuses a level naming a schedule it does not define, duplicate levels, and repeats faster than the rate limit', () => {
    const base = { id: 'p', levels: [{ name: 'a', target: { kind: 'person', person: 'x' }, waitSeconds: 60 }] };
    expect(EscalationPolicySchema.safeParse(base).success).toBe(true);
    expect(EscalationPolicySchema.safeParse({ ...base, levels: [{ ...base.levels[0], target: { kind: 'schedule', schedule: 'nope' } }] }).success).toBe(false);
    expect(EscalationPolicySchema.safeParse({ ...base, levels: [base.levels[0], base.levels[0]] }).success).toBe(false);
    expect(EscalationPolicySchema.safeParse({ ...base, repeatSeconds: 120 }).success).toBe(false);
  });

  it('chooses the template by the domain label, with a fallback', () => {
    expect(templateFor(DEFAULT_POLICY, { domain: 'payment' })?.summary).toMatch(/payments/);
    expect(templateFor(DEFAULT_POLICY, { domain: 'hardware' })?.summary).toMatch(/lock hardware/);
    expect(templateFor(DEFAULT_POLICY, {})?.summary).toBe('an unacknowledged critical alert');
  });
});

describe('compiled Prometheus rules', () => {
  const group = compileRules(TEST_POLICY);
  const escalations = group.rules.filter((r) => r.alert === ESCALATION_ALERTNAME);

  it('has one rule per level after A, with the cumulative wait as `for`', () => {
    expect(escalations.map((r) => [r.labels.escalation, r.for])).toEqual([['b', '8s'], ['c', '16s']]);
    for (const rule of escalations) {
      expect(rule.labels.severity).toBe('critical');
      expect(rule.expr).toBe(
        'label_replace(max without (alertstate) (ALERTS{alertstate="firing",severity="critical",alertname!="LockstepEscalation",alertname!="Watchdog"}), "escalated_alert", "$1", "alertname", "(.+)")',
      );
    }
  });

  it('picks the domain template in the annotations with a Go-template switch on the domain label', () => {
    const summary = escalations[0]!.annotations.summary!;
    expect(summary).toMatch(/^Escalated to level B: nobody acknowledged \{\{ \$labels.escalated_alert \}\} — \{\{ if eq \(index \$labels "domain"\) "hardware" \}\}lock hardware/);
    expect(summary).toContain('{{ else if eq (index $labels "domain") "payment" }}payments through {{ $labels.provider }}');
    expect(summary).toMatch(/\{\{ else \}\}an unacknowledged critical alert\{\{ end \}\}$/);
  });

  it('ends with an always-firing Watchdog', () => {
    expect(group.rules.at(-1)).toMatchObject({ alert: 'Watchdog', expr: 'vector(1)', labels: { severity: 'none' } });
  });
});

describe('compiled Alertmanager routes', () => {
  const { routes, receivers, notes } = compileRoutes(TEST_POLICY, { webhookBase: 'http://sink:1/' });

  it('sends notes first, then the Watchdog, to a null receiver, pages A with continue, and B/C only for escalation alerts', () => {
    expect(routes.map((r) => r.receiver)).toEqual(['null', 'null', 'escalation-a', 'escalation-b', 'escalation-c']);
    // A note (shared/incident/notes.ts) is matched before any route that pages, without `continue`: it pages nobody.
    expect(routes[0]).toEqual({ receiver: 'null', matchers: ['alertname="LockstepNote"'] });
    expect(routes[1]!.matchers).toEqual(['alertname="Watchdog"']);
    expect(routes[2]).toMatchObject({ continue: true, matchers: ['severity="critical"', 'alertname!="LockstepEscalation"'] });
    expect(routes[3]).toMatchObject({ matchers: ['alertname="LockstepEscalation"', 'escalation="b"'] });
    expect(routes[3]!.continue).toBeUndefined();
    expect(routes[3]!.group_by).toEqual(['service', 'city', 'provider', 'escalated_alert']);
    for (const route of routes.slice(2)) expect(route).toMatchObject({ group_wait: '1s', group_interval: '181s', repeat_interval: '3600s' });
    expect(receivers.map((r) => [r.name, r.webhook_configs?.[0]?.url])).toEqual([
      ['null', undefined],
      ['escalation-a', 'http://sink:1/escalation-a'],
      ['escalation-b', 'http://sink:1/escalation-b'],
      ['escalation-c', 'http://sink:1/escalation-c'],
    ]);
    expect(notes.join(' ')).toMatch(/at most 20 times in any hour/);
  });

  it('uses a team’s own receiver by name and needs a webhook for people without a base URL', () => {
    const policy = EscalationPolicySchema.parse({
      id: 'own',
      levels: [
        { name: 'a', target: { kind: 'receiver', receiver: 'pagerduty-fleet' }, waitSeconds: 60 },
        { name: 'b', target: { kind: 'person', person: 'lee', webhook: 'https://pager.example/lee' }, waitSeconds: 60 },
      ],
    });
    const compiled = compileRoutes(policy);
    expect(compiled.routes[2]!.receiver).toBe('pagerduty-fleet');
    expect(compiled.receivers.map((r) => r.name)).toEqual(['null', 'escalation-b']);
    expect(() => compileRoutes(DEFAULT_POLICY)).toThrow(/no webhook/);
  });
});

describe('"Escalate now"', () => {
  it('is the same alert whoever posts it and whenever: actor and time only in annotations', () => {
    const one = manualEscalationAlert(TEST_POLICY, source, 'b', 'ana', 1_000);
    const two = manualEscalationAlert(TEST_POLICY, source, 'b', 'bo', 50_000);
    expect(one.labels).toEqual(two.labels);
    expect(one.labels).toEqual({ ...source.labels, alertname: 'LockstepEscalation', escalation: 'b', escalated_alert: 'ServiceErrorRateHigh', severity: 'critical' });
    expect(one.annotations).toMatchObject({ escalated_by: 'ana', lockstep_manual: 'true' });
    expect(one.annotations.summary).toBe('Escalated to level B by ana: ServiceErrorRateHigh — lock-service is failing');
    expect(one.endsAt - one.startsAt).toBe(MANUAL_ESCALATION_TTL_MS);
  });

  it('has the labels the Prometheus rule gives that level (so the two coincide in Alertmanager)', () => {
    // What `label_replace(max without (alertstate) (ALERTS{…}), …)` plus the rule's labels makes.
    const fromRule = { ...source.labels, alertname: 'LockstepEscalation', escalated_alert: 'ServiceErrorRateHigh', escalation: 'c', severity: 'critical' };
    expect(escalationLabels(source, 'c')).toEqual(fromRule);
  });

  it('refuses level A (the source pages it) and levels the policy lacks', () => {
    expect(() => manualEscalationAlert(TEST_POLICY, source, 'a', 'ana', 0)).toThrow(/not a level to escalate to/);
    expect(() => manualEscalationAlert(TEST_POLICY, source, 'z', 'ana', 0)).toThrow(/b, c/);
  });

  it('is renewed only while posted by a console and its alert still fires', () => {
    const posted = manualEscalationAlert(TEST_POLICY, source, 'b', 'ana', 0);
    const esc = { name: 'LockstepEscalation', state: 'firing' as const, labels: posted.labels, annotations: posted.annotations };
    const src = { name: source.alertname, state: 'firing' as const, labels: source.labels, annotations: {} };
    expect(escalationsToRenew([src, esc], 0)).toEqual([esc]);
    expect(escalationsToRenew([esc], 0)).toEqual([]);
    expect(escalationsToRenew([src, { ...esc, annotations: { summary: 'from the rule' } }], 0)).toEqual([]);
    expect(escalationsToRenew([src, esc], 0, () => MANUAL_ESCALATION_TTL_MS)).toEqual([]);
  });
});
