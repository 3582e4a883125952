import { describe, expect, it } from 'vitest';
import { manualEscalationAlert, TEST_POLICY } from '../../shared/escalation';
import type { Alert } from '../../shared';
import { createDemoSource } from './demo-source';
import { EmbeddedFleet } from './embedded-fleet';

const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);

function make(clock: { now: number }) {
  return new EmbeddedFleet({ sourceId: 'demo', locks: 20_000, unlocksPerSecond: 8, now: () => clock.now, autoStart: false, backfillMs: 5 * 60_000, policy: TEST_POLICY });
}

const escalation = (alerts: Alert[], level: string) =>
  alerts.find((a) => a.name === 'LockstepEscalation' && a.labels.escalation === level && a.labels.escalated_alert === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service');

function untilFiring(e: EmbeddedFleet, clock: { now: number }): Alert {
  for (let i = 0; i < 60; i++) {
    clock.now += 5_000;
    e.advanceTo(clock.now);
    const firing = e.alerts.list().find((a) => a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service' && a.state === 'firing');
    if (firing) return firing;
  }
  throw new Error('ServiceErrorRateHigh{service="lock-service"} never fired');
}

describe('the embedded engine runs the escalation policy like Prometheus + Alertmanager', () => {
  it('always lists a firing Watchdog', () => {
    const clock = { now: T0 };
    const watchdog = make(clock).alerts.list().find((a) => a.name === 'Watchdog');
    expect(watchdog).toMatchObject({ state: 'firing', labels: { alertname: 'Watchdog', severity: 'none' } });
  });

  it('makes the same escalation alerts as the compiled rules: B after 8 s, C after 16 s, resolved with their source', () => {
    const clock = { now: T0 };
    const e = make(clock);
    e.fleet.triggerIncident('bad-release');
    const source = untilFiring(e, clock);
    expect(escalation(e.alerts.list(), 'b')).toBeUndefined();
    clock.now = source.startsAt + 10_000;
    e.advanceTo(clock.now);
    const b = escalation(e.alerts.list(), 'b');
    expect(b).toMatchObject({ state: 'firing', severity: 'critical' });
    expect(b!.labels).toEqual({ ...source.labels, alertname: 'LockstepEscalation', escalation: 'b', escalated_alert: 'ServiceErrorRateHigh', severity: 'critical' });
    expect(b!.annotations.summary).toBe('Escalated to level B: nobody acknowledged ServiceErrorRateHigh — lock-service is failing');
    expect(escalation(e.alerts.list(), 'c')).toBeUndefined();
    clock.now = source.startsAt + 20_000;
    e.advanceTo(clock.now);
    expect(escalation(e.alerts.list(), 'c')?.state).toBe('firing');

    // An acknowledgement silence on the grouping labels mutes the escalation alerts too.
    const { now } = clock;
    const id = e.silences.create({ matchers: [{ name: 'service', value: 'lock-service', isRegex: false, isEqual: true }], startsAt: now, endsAt: now + 600_000, createdBy: 'ana', comment: 'ACK! mine' });
    expect(escalation(e.alerts.list(), 'c')?.silencedBy).toEqual([id]);

    e.fleet.deployer.switchTraffic('lock-service', 'blue');
    clock.now += 3 * 60_000;
    e.advanceTo(clock.now);
    expect(escalation(e.alerts.list(), 'b')?.state).toBe('resolved');
    expect(escalation(e.alerts.list(), 'c')?.state).toBe('resolved');
  });

  it('takes posted "Escalate now" alerts: two posts and the rule are one alert', async () => {
    const clock = { now: T0 };
    const demo = createDemoSource({ id: 'demo', kind: 'demo', name: 'Demo', locks: 20_000, seed: 3, scheduledIncidents: false }, { now: () => clock.now, autoStart: false });
    try {
      demo.fleet.triggerIncident('bad-release');
      clock.now += 90_000;
      const source = (await demo.alerts!.listAlerts()).find((a) => a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service')!;
      expect(source).toBeDefined();
      const subject = { labels: source.labels, alertname: source.name };
      // The embedded demo runs the demo fleet's policy: C after 15 min; press it now, from two consoles.
      const ana = manualEscalationAlert(TEST_POLICY, subject, 'c', 'ana', clock.now);
      const bo = manualEscalationAlert(TEST_POLICY, subject, 'c', 'bo', clock.now + 1_000);
      await demo.alerts!.postAlerts!([ana]);
      await demo.alerts!.postAlerts!([bo]);
      const listed = (await demo.alerts!.listAlerts()).filter((a) => a.name === 'LockstepEscalation');
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ state: 'firing', labels: ana.labels, annotations: { escalated_by: 'bo' }, startsAt: ana.startsAt });

      clock.now += 15 * 60_000;
      // The manual one lapsed (10 min) unrenewed; the rule reached C with the same labels: still one alert, from the first press.
      const later = (await demo.alerts!.listAlerts()).filter((a) => a.fingerprint === listed[0]!.fingerprint);
      expect(later).toHaveLength(1);
      expect(later[0]).toMatchObject({ state: 'firing', startsAt: ana.startsAt });
      await expect(demo.alerts!.postAlerts!([{ labels: { '0bad': 'x' }, annotations: {}, startsAt: 0, endsAt: 1 }])).rejects.toMatchObject({ kind: 'rejected' });
    } finally {
      await demo.close?.();
    }
  });
});
