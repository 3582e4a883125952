import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipUnlessInstalled, startAlertmanager, waitFor, type RealServer } from '../../testing';
import type { Alert, Incident } from '../../shared';
import { TEST_POLICY } from '../../shared/escalation';
import { createAlertmanagerSource } from '../datasources/alertmanager';
import type { AlertsCapability } from '../datasources/types';
import type { AlertPoller } from '../alerts/alert-poller';
import type { SourceSet } from '../datasources/source-set';
import type { IncidentTracker } from '../incidents/incident-tracker';
import { escalateIncidentAction } from './escalate-action';
import { escalateIncident, EscalationRenewer, escalationSubject } from './escalate';

const CONFIG = ['route:', '  receiver: blackhole', '  group_wait: 1s', 'receivers:', '  - name: blackhole', ''].join('\n');
const sourceLabels = { alertname: 'PaymentFailuresHigh', provider: 'stripe', service: 'payment-service', severity: 'critical', domain: 'payment' };

describe('escalationSubject', () => {
  it('picks the same alert on every console: most severe, earliest, then by fingerprint; never an escalation alert', () => {
    const base = { severity: 'critical' as const, startsAt: 100, labels: {} };
    const members = [
      { ...base, fingerprint: 'b', name: 'X' },
      { ...base, fingerprint: 'a', name: 'Y' },
      { ...base, fingerprint: '0', name: 'LockstepEscalation', startsAt: 1 },
      { ...base, fingerprint: 'c', name: 'Z', severity: 'warning' as const, startsAt: 1 },
    ];
    expect(escalationSubject(members)?.alertname).toBe('Y');
    expect(escalationSubject([...members].reverse())?.alertname).toBe('Y');
    expect(escalationSubject([])).toBeUndefined();
  });
});

describe.skipIf(skipUnlessInstalled(['alertmanager'], '"Escalate now" against a real Alertmanager'))('"Escalate now" against a real Alertmanager', () => {
  let am: RealServer;
  let alerts: AlertsCapability;
  const console2 = () => createAlertmanagerSource({ id: 'am2', name: 'Second console', kind: 'alertmanager', url: am.url, timeoutMs: 5_000 }).alerts!;

  beforeAll(async () => {
    am = await startAlertmanager({ configYaml: CONFIG });
    alerts = createAlertmanagerSource({ id: 'am', name: 'Test Alertmanager', kind: 'alertmanager', url: am.url, timeoutMs: 5_000 }).alerts!;
    await alerts.postAlerts!([{ labels: sourceLabels, annotations: {}, startsAt: Date.now() - 60_000, endsAt: Date.now() + 600_000 }]);
  });
  afterAll(async () => {
    await am?.stop();
  });

  const escalations = async () => (await alerts.listAlerts()).filter((a) => a.name === 'LockstepEscalation');

  it('posted from two consoles is one alert, with the rule’s labels and who pressed it in annotations', async () => {
    const subject = { labels: sourceLabels, alertname: 'PaymentFailuresHigh' };
    const messages = await Promise.all([
      escalateIncident({ subject, level: 'b', actor: 'ana' }, { alerts, policy: TEST_POLICY }),
      escalateIncident({ subject, level: 'b', actor: 'bo' }, { alerts: console2(), policy: TEST_POLICY }),
    ]);
    expect(messages[0]).toBe('Escalated PaymentFailuresHigh to level B (team-lead); Alertmanager pages once, however many consoles press it.');
    const listed = await waitFor('the escalation alert', async () => ((await escalations()).length > 0 ? escalations() : undefined));
    expect(listed).toHaveLength(1);
    expect(listed[0]!.labels).toEqual({ ...sourceLabels, alertname: 'LockstepEscalation', escalation: 'b', escalated_alert: 'PaymentFailuresHigh' });
    expect(listed[0]!.annotations.escalated_by).toMatch(/^(ana|bo)$/);
    expect(listed[0]!.annotations.summary).toMatch(/^Escalated to level B by (ana|bo): PaymentFailuresHigh — payments through stripe$/);
  });

  it('is refused when a silence already mutes it (it would page nobody), naming whose', async () => {
    const now = Date.now();
    const { silenceId } = await alerts.createSilence({
      matchers: [{ name: 'provider', value: 'stripe', isRegex: false, isEqual: true }],
      startsAt: now,
      endsAt: now + 600_000,
      createdBy: 'ana',
      comment: 'ACK! on it',
    });
    await expect(escalateIncident({ subject: { labels: sourceLabels, alertname: 'PaymentFailuresHigh' }, level: 'c', actor: 'bo' }, { alerts, policy: TEST_POLICY })).rejects.toThrow(
      /A silence by ana \(“ACK! on it”\) mutes this incident/,
    );
    expect((await escalations()).map((a) => a.labels.escalation)).toEqual(['b']);
    await alerts.expireSilence!(silenceId);
  });

  it('refuses level A and levels the policy lacks, and alerts Alertmanager would refuse', async () => {
    const subject = { labels: sourceLabels, alertname: 'PaymentFailuresHigh' };
    await expect(escalateIncident({ subject, level: 'a', actor: 'x' }, { alerts, policy: TEST_POLICY })).rejects.toThrow(/not a level to escalate to/);
    await expect(alerts.postAlerts!([{ labels: { 'bad-name': 'x' }, annotations: {}, startsAt: 0, endsAt: 1 }])).rejects.toThrow(/label name/);
  });

  it('is renewed by a running console while its alert fires, at most once a minute', async () => {
    let clock = Date.now();
    const renewer = new EscalationRenewer(alerts, () => clock);
    expect(await renewer.renew(await alerts.listAlerts())).toBe(1);
    expect(await renewer.renew(await alerts.listAlerts())).toBe(0);
    clock += 61_000;
    expect(await renewer.renew(await alerts.listAlerts())).toBe(1);
  });

  it('runs as an action: the incident’s main alert, through the pipeline’s spec, reconciled by reading Alertmanager', async () => {
    const listed = await alerts.listAlerts();
    const source = listed.find((a) => a.name === 'PaymentFailuresHigh')!;
    const incident: Incident = { id: 'inc-1', title: 'Payments failing', severity: 'critical', status: 'open', openedAt: 0, alerts: [source.fingerprint] };
    const deps = {
      sources: { pick: () => ({ source: { id: 'am' }, capability: alerts }) } as unknown as SourceSet,
      alerts: { current: () => ({ alerts: listed as Alert[] }) } as unknown as AlertPoller,
      incidents: { get: () => incident } as unknown as IncidentTracker,
      now: Date.now,
      policy: TEST_POLICY,
    };
    const spec = escalateIncidentAction({ incidentId: 'inc-1', level: 'c', author: 'ana', idempotencyKey: 'key-12345678' }, deps);
    expect(spec).toMatchObject({ kind: 'escalate', key: 'key-12345678', summary: 'escalate incident inc-1 to level C — ana' });
    expect(await spec.reconcile!()).toMatchObject({ done: false });
    expect(await spec.run()).toMatch(/^Escalated PaymentFailuresHigh to level C \(head-of-ops\)/);
    await waitFor('level C in Alertmanager', async () => ((await spec.reconcile!()).done ? true : undefined));
    const resolved = escalateIncidentAction({ incidentId: 'inc-1', level: 'c', author: 'ana', idempotencyKey: 'key-87654321' }, { ...deps, incidents: { get: () => ({ ...incident, status: 'resolved' }) } as unknown as IncidentTracker });
    await expect(resolved.run()).rejects.toThrow(/is resolved/);
  });
});
