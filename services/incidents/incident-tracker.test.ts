import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared';
import { IncidentTracker } from './incident-tracker';

function alert(fingerprint: string, labels: Record<string, string>, severity: Alert['severity'] = 'critical'): Alert {
  return {
    fingerprint,
    name: labels.alertname ?? 'X',
    severity,
    state: 'firing',
    startsAt: 1,
    labels,
    annotations: { summary: `${labels.alertname} summary` },
    silencedBy: [],
    source: 'am',
  };
}

describe('IncidentTracker', () => {
  it('opens one incident per service, records firing and resolves when all alerts clear', () => {
    let now = 1000;
    const tracker = new IncidentTracker(undefined, () => now);
    const a = alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' });
    const b = alert('b', { alertname: 'UnlockSuccessLow', service: 'lock-service', city: 'x' }, 'warning');
    const first = tracker.observe([a, b]);
    expect(first.opened).toHaveLength(1);
    expect(first.newAlerts.map((x) => x.fingerprint)).toEqual(['a', 'b']);
    const [incident] = tracker.snapshot().incidents;
    expect(incident).toMatchObject({ service: 'lock-service', status: 'open', severity: 'critical', alerts: ['a', 'b'] });

    now = 2000;
    expect(tracker.observe([a, b]).newAlerts).toHaveLength(0);
    tracker.observe([a]);
    expect(tracker.snapshot().incidents[0]?.status).toBe('open');
    now = 3000;
    tracker.observe([]);
    const resolved = tracker.snapshot().incidents[0];
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: 3000 });
    const kinds = tracker.timelineOf(resolved!.id).map((e) => e.kind);
    expect(kinds).toEqual(['incident_opened', 'alert_firing', 'alert_firing', 'alert_resolved', 'alert_resolved', 'incident_resolved']);
  });

  it('keeps a flapping alert in one incident: it resolves only after staying quiet for the grace period', () => {
    let now = 0;
    const tracker = new IncidentTracker(undefined, () => now, undefined, 60_000);
    const a = alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' });
    tracker.observe([a]);
    now = 10_000;
    tracker.observe([]);
    now = 30_000;
    tracker.observe([a]);
    now = 40_000;
    tracker.observe([]);
    now = 90_000;
    tracker.observe([]);
    expect(tracker.snapshot().incidents.map((i) => i.status)).toEqual(['open']);
    now = 100_000;
    tracker.observe([]);
    expect(tracker.snapshot().incidents.map((i) => i.status)).toEqual(['resolved']);
    expect(tracker.snapshot().incidents).toHaveLength(1);
  });

  it('groups alerts without a service by alert name, and a re-fire after resolution opens a new incident', () => {
    const tracker = new IncidentTracker(undefined, () => 5);
    tracker.observe([alert('p', { alertname: 'PaymentFailuresHigh' })]);
    tracker.observe([]);
    tracker.observe([alert('p', { alertname: 'PaymentFailuresHigh' })]);
    const incidents = tracker.snapshot().incidents;
    expect(incidents.map((i) => i.status)).toEqual(['resolved', 'open']);
    expect(incidents[0]?.id).not.toBe(incidents[1]?.id);
  });

  it('keeps incidents and timeline across restarts and does not report known alerts as new', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lockstep-inc-')), 'incidents.json');
    const a = alert('a', { alertname: 'CityLocksOffline', service: 'iot-gateway', city: 'chengdu' });
    const first = new IncidentTracker(file, () => 10);
    first.observe([a]);
    const second = new IncidentTracker(file, () => 20);
    expect(second.snapshot().incidents).toHaveLength(1);
    expect(second.observe([a]).newAlerts).toHaveLength(0);
  });

  it('sets a corrupt state file aside instead of failing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-inc-'));
    const file = join(dir, 'incidents.json');
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(file, '{"incidents": [{"id": 3}]');
    const warnings: string[] = [];
    const tracker = new IncidentTracker(file, () => 1, (w) => warnings.push(w));
    expect(tracker.snapshot().incidents).toEqual([]);
    expect(warnings[0]).toMatch(/could not be read|valid state/);
    expect(readdirSync(dir).some((f) => f.includes('.corrupt-'))).toBe(true);
  });
});
