import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared';
import { IncidentTracker } from './incident-tracker';

function alert(fingerprint: string, labels: Record<string, string>, severity: Alert['severity'] = 'critical', startsAt = 1): Alert {
  return {
    fingerprint,
    name: labels.alertname ?? 'X',
    severity,
    state: 'firing',
    startsAt,
    labels,
    annotations: { summary: `${labels.alertname} summary` },
    silencedBy: [],
    source: 'am',
  };
}
const poll = (alerts: Alert[], blind = false) => ({ alerts, silences: [], blind });

describe('IncidentTracker', () => {
  it('derives one incident for a service and its symptoms, and resolves when all its alerts end', () => {
    let now = 1000;
    const tracker = new IncidentTracker(undefined, () => now);
    const a = alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' });
    const b = alert('b', { alertname: 'UnlockSuccessLow', city: 'berlin' }, 'warning', 2);
    const first = tracker.observe(poll([a, b]));
    expect(first.opened).toHaveLength(1);
    expect(first.newAlerts.map((x) => x.fingerprint)).toEqual(['a', 'b']);
    const [incident] = tracker.snapshot().incidents;
    expect(incident).toMatchObject({ service: 'lock-service', status: 'open', state: 'firing', severity: 'critical', alerts: ['a', 'b'] });

    now = 2000;
    expect(tracker.observe(poll([a, b])).newAlerts).toHaveLength(0);
    tracker.observe(poll([a]));
    expect(tracker.snapshot().incidents[0]?.status).toBe('open');
    now = 3000;
    tracker.observe(poll([]));
    // Quiet first (a flap would continue it), resolved once the quiet window has passed, dated when the alerts ended.
    expect(tracker.snapshot().incidents[0]).toMatchObject({ status: 'open', quietSince: 3000 });
    now = 3000 + 120_000;
    tracker.observe(poll([]));
    const resolved = tracker.snapshot().incidents[0];
    expect(resolved).toMatchObject({ id: incident!.id, status: 'resolved', resolvedAt: 3000 });
    const kinds = tracker.timelineOf(resolved!.id).map((e) => e.kind);
    expect(kinds).toEqual(['incident_opened', 'alert_firing', 'alert_firing', 'alert_resolved', 'incident_resolved']);
  });

  it('a new episode after the end is a new incident, never appended to the old one', () => {
    let now = 1000;
    const tracker = new IncidentTracker(undefined, () => now);
    tracker.observe(poll([alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' })]));
    now = 5000;
    tracker.observe(poll([]));
    now = 5000 + 120_000;
    tracker.observe(poll([]));
    now = 200_000;
    const { opened } = tracker.observe(poll([alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' }, 'critical', 190_000)]));
    expect(opened).toHaveLength(1);
    const list = tracker.snapshot().incidents;
    expect(list.map((i) => i.status)).toEqual(['open', 'resolved']);
    expect(list[0]!.id).not.toBe(list[1]!.id);
  });

  it('does not resolve while blind', () => {
    let now = 1000;
    const tracker = new IncidentTracker(undefined, () => now);
    tracker.observe(poll([alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' })]));
    now = 60_000;
    tracker.observe(poll([], true));
    expect(tracker.snapshot().incidents[0]).toMatchObject({ status: 'open', unknown: true });
    expect(tracker.snapshot().timeline.map((e) => e.kind)).not.toContain('incident_resolved');
  });

  it('keeps local events (a rollback) on the incident and in its cache file, not as the truth', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-tracker-'));
    const file = join(dir, 'incidents.json');
    const now = 1000;
    const tracker = new IncidentTracker(file, () => now);
    tracker.observe(poll([alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' })]));
    const id = tracker.list()[0]!.id;
    tracker.record(id, 'rollback_succeeded', 'lock-service now serves from blue', 'ana');
    tracker.commit();
    expect(tracker.timelineOf(id).map((e) => e.kind)).toContain('rollback_succeeded');
    const cache = JSON.parse(readFileSync(file, 'utf8')) as { local: unknown[] };
    expect(cache.local).toHaveLength(1);
    // A restarted console derives the incident again and finds its local events.
    const again = new IncidentTracker(file, () => now);
    again.observe(poll([alert('a', { alertname: 'ServiceErrorRateHigh', service: 'lock-service' })]));
    expect(again.list()[0]!.id).toBe(id);
    expect(again.timelineOf(id).map((e) => e.kind)).toContain('rollback_succeeded');
  });

  it('correlates with a call graph learned later (from traces): a caller and its newly known callee become one incident', () => {
    const now = 1000;
    const tracker = new IncidentTracker(undefined, () => now);
    const alerts = [alert('r', { alertname: 'ServiceErrorRateHigh', service: 'ride-service' }), alert('f', { alertname: 'ServiceErrorRateHigh', service: 'fare-service' }, 'critical', 2)];
    tracker.observe(poll(alerts));
    expect(tracker.list().filter((i) => i.status === 'open')).toHaveLength(2);
    const before = tracker.config.callGraph;
    tracker.setCallGraph({ ...before, 'ride-service': [...(before['ride-service'] ?? []), 'fare-service'] });
    tracker.observe(poll(alerts));
    const open = tracker.list().filter((i) => i.status === 'open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ service: 'fare-service', alerts: ['f', 'r'] });
    // The shared default is untouched: another tracker still sees two.
    const other = new IncidentTracker(undefined, () => now);
    other.observe(poll(alerts));
    expect(other.list()).toHaveLength(2);
  });
});
