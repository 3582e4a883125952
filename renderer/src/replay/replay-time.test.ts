import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/model/alerts';
import type { Incident, TimelineEvent } from '../../../shared/model/incident';
import type { QueryResult } from '../../../shared/model/series';
import { alertStateAt, alertsAt, cutResultAt, cutSeriesAt, deploymentAt, incidentAt, timelineUpTo } from './replay-time';

const T0 = Date.UTC(2025, 0, 14, 9, 0);
const MIN = 60_000;

const alert = (over: Partial<Alert> = {}): Alert => ({
  fingerprint: 'fp1',
  name: 'UnlockLow',
  severity: 'critical',
  state: 'firing',
  startsAt: T0 + 5 * MIN,
  labels: {},
  annotations: {},
  silencedBy: [],
  source: 'demo',
  ...over,
});

const event = (id: string, kind: TimelineEvent['kind'], minute: number, data?: Record<string, string>): TimelineEvent => ({
  id,
  incidentId: 'inc-1',
  at: T0 + minute * MIN,
  kind,
  text: `${kind} at ${minute}`,
  ...(data ? { data } : {}),
});

describe('series cut at the replayed instant', () => {
  const series = { name: 'm', labels: {}, times: [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN], values: [1, 2, 3, 4], posInf: [1, 3] };

  it('keeps the samples at or before it, and the ±Inf marks among them', () => {
    const cut = cutSeriesAt(series, T0 + 2 * MIN);
    expect(cut.times).toEqual([T0, T0 + MIN, T0 + 2 * MIN]);
    expect(cut.values).toEqual([1, 2, 3]);
    expect(cut.posInf).toEqual([1]);
  });

  it('leaves nothing before the first sample, and the same object when nothing is after', () => {
    expect(cutSeriesAt(series, T0 - 1).times).toEqual([]);
    expect(cutSeriesAt(series, T0 + 3 * MIN)).toBe(series);
  });

  it('cuts exemplars after it too, and returns the answer itself when nothing changes', () => {
    const result: QueryResult = { series: [series], fetchedAt: T0, warnings: [], exemplars: [{ seriesLabels: {}, time: T0 + 30_000, value: 1 }, { seriesLabels: {}, time: T0 + 150_000, value: 2, traceId: 'late' }] };
    const cut = cutResultAt(result, T0 + 90_000);
    expect(cut.series[0]!.times).toEqual([T0, T0 + MIN]);
    expect(cut.exemplars?.map((e) => e.time)).toEqual([T0 + 30_000]);
    expect(cutResultAt(result, T0 + 10 * MIN)).toBe(result);
  });
});

describe('alert state at the replayed instant', () => {
  it('is not yet before it starts, firing after, resolved once its end has passed', () => {
    const resolved = alert({ state: 'resolved', endsAt: T0 + 20 * MIN });
    expect(alertStateAt(resolved, T0 + 4 * MIN)).toBe('not-yet');
    expect(alertStateAt(resolved, T0 + 5 * MIN)).toBe('firing');
    expect(alertStateAt(resolved, T0 + 19 * MIN)).toBe('firing');
    expect(alertStateAt(resolved, T0 + 20 * MIN)).toBe('resolved');
  });

  it("ignores a firing alert's endsAt (Alertmanager's expiry guess)", () => {
    expect(alertStateAt(alert({ endsAt: T0 + 6 * MIN }), T0 + 30 * MIN)).toBe('firing');
  });

  it('follows the timeline when it re-fired: resolved between, firing again after', () => {
    // Exported firing since minute 25; the timeline knows it fired at 5 and resolved at 12 first.
    const refired = alert({ startsAt: T0 + 25 * MIN });
    const timeline = [event('f1', 'alert_firing', 5, { fingerprint: 'fp1' }), event('r1', 'alert_resolved', 12, { fingerprint: 'fp1' }), event('f2', 'alert_firing', 25, { fingerprint: 'fp1' })];
    const at = (minute: number) => alertsAt([refired], timeline, T0 + minute * MIN).alerts[0]?.state ?? 'not-yet';
    expect([at(4), at(8), at(15), at(30)]).toEqual(['not-yet', 'firing', 'resolved', 'firing']);
  });

  it('lists only alerts that had fired, counts the others, and drops a later acknowledgement', () => {
    const acked = alert({ fingerprint: 'a', acknowledgement: { by: 'ana', comment: 'on it', at: T0 + 10 * MIN } } as Partial<Alert>);
    const later = alert({ fingerprint: 'b', startsAt: T0 + 30 * MIN });
    const before = alertsAt([acked, later], [], T0 + 8 * MIN);
    expect(before.alerts.map((a) => [a.fingerprint, a.state, a.acknowledgement?.by])).toEqual([['a', 'firing', undefined]]);
    expect(before.notYet).toBe(1);
    const after = alertsAt([acked, later], [], T0 + 31 * MIN);
    expect(after.alerts.map((a) => [a.fingerprint, a.acknowledgement?.by])).toEqual([['a', 'ana'], ['b', undefined]]);
    expect(after.notYet).toBe(0);
  });
});

describe('incident at the replayed instant', () => {
  const incident: Incident = {
    id: 'inc-1',
    title: 'Unlocks failing',
    severity: 'critical',
    status: 'resolved',
    state: 'resolved',
    openedAt: T0 + 5 * MIN,
    resolvedAt: T0 + 40 * MIN,
    resolvedBy: 'ana',
    alerts: ['fp1'],
    acknowledgement: { by: 'ana', comment: 'rolling back', at: T0 + 20 * MIN, until: T0 + 60 * MIN, silenceIds: ['s1'] },
    escalation: { level: 'b', at: T0 + 15 * MIN },
    members: [{ fingerprint: 'fp1', name: 'UnlockLow', severity: 'critical', labels: {}, startsAt: T0 + 5 * MIN, endedAt: T0 + 35 * MIN }],
  };
  const timeline = [event('e1', 'escalated', 10, { level: 'a' }), event('e2', 'escalated', 15, { level: 'b' })];

  it('walks through not yet, firing, escalated level by level, acknowledged and resolved', () => {
    const at = (minute: number) => incidentAt(incident, timeline, T0 + minute * MIN);
    expect(at(4)).toBeUndefined();
    expect([at(6)!.status, at(6)!.state, at(6)!.escalation]).toEqual(['open', 'firing', undefined]);
    expect([at(12)!.state, at(12)!.escalation?.level]).toEqual(['escalated', 'a']);
    expect([at(16)!.state, at(16)!.escalation?.level]).toEqual(['escalated', 'b']);
    expect([at(25)!.state, at(25)!.acknowledgement?.by, at(25)!.resolvedAt]).toEqual(['acknowledged', 'ana', undefined]);
    expect(at(25)!.members![0]!.endedAt).toBeUndefined();
    expect(at(36)!.members![0]!.endedAt).toBe(T0 + 35 * MIN);
    expect([at(41)!.status, at(41)!.state, at(41)!.resolvedBy]).toEqual(['resolved', 'resolved', 'ana']);
  });
});

describe('timeline up to the replayed instant', () => {
  it('keeps the events that had happened, oldest first', () => {
    const events = [event('b', 'note', 20), event('a', 'incident_opened', 5), event('c', 'incident_resolved', 40)];
    expect(timelineUpTo(events, T0 + 20 * MIN).map((e) => e.id)).toEqual(['a', 'b']);
    expect(timelineUpTo(events, T0 + 4 * MIN)).toEqual([]);
  });
});

describe('deployment at the replayed instant', () => {
  const rolledBack = {
    service: 'lock-service',
    active: 'blue' as const,
    colors: { blue: { version: '1.4.2' }, green: { version: '1.5.0' } },
    switchedAt: T0 + 20 * MIN,
    history: [
      { at: T0 + 2 * MIN, from: 'blue' as const, to: 'green' as const, version: '1.5.0', fromVersion: '1.4.2' },
      { at: T0 + 20 * MIN, from: 'green' as const, to: 'blue' as const, version: '1.4.2', fromVersion: '1.5.0', by: 'ana' },
    ],
    weights: { blue: 100, green: 0 },
  };

  it('shows the bad release live between its switch and the rollback, blue before and after', () => {
    const at = (minute: number) => deploymentAt(rolledBack, T0 + minute * MIN);
    expect([at(1).active, at(1).switchedAt, at(1).history]).toEqual(['blue', undefined, []]);
    expect([at(10).active, at(10).switchedAt, at(10).history?.length, at(10).weights]).toEqual(['green', T0 + 2 * MIN, 1, undefined]);
    expect(at(20)).toBe(rolledBack);
  });

  it('infers the one switch a deployer without history reports', () => {
    const plain = { service: 'payment-service', active: 'green' as const, colors: { blue: { version: '2' }, green: { version: '3' } }, switchedAt: T0 + 30 * MIN };
    expect(deploymentAt(plain, T0 + 10 * MIN)).toMatchObject({ active: 'blue', colors: { blue: { version: '2' }, green: { version: '3' } } });
    expect(deploymentAt(plain, T0 + 10 * MIN).switchedAt).toBeUndefined();
  });
});
