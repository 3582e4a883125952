import { describe, expect, it } from 'vitest';
import type { Alert, EventOf } from '../../shared';
import { IncidentTracker } from '../incidents/incident-tracker';
import { AlertNotifier } from './alert-notifier';

function alert(fingerprint: string, overrides: Partial<Alert> = {}): Alert {
  return {
    fingerprint,
    name: 'ServiceErrorRateHigh',
    severity: 'critical',
    state: 'firing',
    startsAt: 100,
    labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service' },
    annotations: { summary: 'lock-service is failing 30% of requests' },
    silencedBy: [],
    source: 'am',
    ...overrides,
  };
}

function setup() {
  const incidents = new IncidentTracker(undefined, () => 1000);
  const sent: EventOf<'notification'>[] = [];
  let commits = 0;
  incidents.onChange(() => commits++);
  const notifier = new AlertNotifier({ incidents, send: (n) => sent.push(n) });
  return { incidents, sent, notifier, commits: () => commits };
}

describe('AlertNotifier', () => {
  it('notifies a new critical alert once, with its incident, and records it on the timeline', () => {
    const { incidents, sent, notifier, commits } = setup();
    const firing = alert('f1');
    const { opened } = incidents.observe({ alerts: [firing], silences: [], blind: false });
    const before = commits();
    notifier.notify([firing]);
    notifier.notify([firing]);
    expect(sent).toEqual([
      {
        id: 'f1:100',
        title: 'Critical: ServiceErrorRateHigh',
        body: 'lock-service is failing 30% of requests',
        severity: 'critical',
        alertFingerprint: 'f1',
        incidentId: opened[0]!.id,
      },
    ]);
    const notified = incidents.timelineOf(opened[0]!.id).filter((e) => e.kind === 'notified');
    expect(notified.map((e) => e.text)).toEqual(['Notified consoles: lock-service is failing 30% of requests']);
    expect(commits() - before).toBe(1);
  });

  it('notifies again when the same alert fires anew (a new start time)', () => {
    const { sent, notifier } = setup();
    notifier.notify([alert('f1')]);
    notifier.notify([alert('f1', { startsAt: 900 })]);
    expect(sent.map((n) => n.id)).toEqual(['f1:100', 'f1:900']);
  });

  it('leaves warnings and silenced (acknowledged) alerts to the screen', () => {
    const { sent, notifier } = setup();
    notifier.notify([alert('w', { severity: 'warning' }), alert('s', { silencedBy: ['sil-1'] }), alert('i', { severity: 'info' })]);
    expect(sent).toEqual([]);
  });

  it('notifies an alert outside any incident without touching a timeline', () => {
    const { sent, notifier, commits } = setup();
    notifier.notify([alert('loose')]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.incidentId).toBeUndefined();
    expect(commits()).toBe(0);
  });
});
