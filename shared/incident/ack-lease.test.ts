import { describe, expect, it } from 'vitest';
import type { Silence } from '../model/alerts';
import type { Incident } from '../model/incident';
import { planLeases } from './ack-lease';
import { groupMatchers } from './grouping';

const config = { groupBy: ['service', 'city', 'provider'] };
const T = 1_000_000;
const LEASE = 20 * 60_000;
const lock = { service: 'lock-service' };
const ride = { service: 'ride-service' };

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    title: 'lock-service: ServiceErrorRateHigh',
    severity: 'critical',
    status: 'open',
    openedAt: T,
    alerts: ['a', 'b'],
    groups: [lock, ride],
    members: [
      { fingerprint: 'a', name: 'ServiceErrorRateHigh', severity: 'critical', labels: { alertname: 'ServiceErrorRateHigh', ...lock }, startsAt: T },
      { fingerprint: 'b', name: 'ServiceErrorRateHigh', severity: 'critical', labels: { alertname: 'ServiceErrorRateHigh', ...ride }, startsAt: T + 1000 },
    ],
    ...over,
  };
}
function ack(id: string, group: Record<string, string>, startsAt: number, endsAt = startsAt + LEASE, comment = 'ACK! on it'): Silence {
  return { id, matchers: groupMatchers(group, config), startsAt, endsAt, createdBy: 'ana', comment, state: 'active' };
}

describe('acknowledgement leases', () => {
  const now = T + 60_000;
  const plan = (incidents: Incident[], silences: Silence[], blind = false) => planLeases(incidents, silences, { now, leaseMs: LEASE, blind, config });

  it('keeps the earliest of duplicate ACK! silences and expires the rest, the same on every console', () => {
    const p = plan([incident()], [ack('s2', lock, T + 5000), ack('s1', lock, T + 5000), ack('s3', ride, T + 5000)]);
    expect(p.expire).toEqual([{ id: 's2', why: 'duplicate of s1' }]);
    expect(p.create).toEqual([]);
  });

  it('renews a lease running out while the incident is open, and covers a group that joined it', () => {
    const p = plan([incident()], [ack('s1', lock, T + 1000, now + 60_000)]);
    expect(p.renew).toEqual([{ silence: expect.objectContaining({ id: 's1' }), endsAt: now + LEASE }]);
    expect(p.create).toEqual([expect.objectContaining({ matchers: groupMatchers(ride, config), createdBy: 'ana', comment: 'ACK! on it' })]);
  });

  it('expires an acknowledgement whose incident ended, or that predates the episode it now mutes; not while blind', () => {
    const ended = incident({ members: incident().members!.map((m) => ({ ...m, endedAt: now - 1 })) });
    expect(plan([ended], [ack('s1', lock, T + 1000)]).expire.map((e) => e.id)).toEqual(['s1']);
    const older = ack('old', lock, T - 3_600_000);
    expect(plan([incident()], [older]).expire).toEqual([{ id: 'old', why: 'its incident has ended' }]);
    expect(plan([incident()], [older], true).expire).toEqual([]);
  });

  it('keeps the silence of an alert that ended within the quiet window while others fire: a flap stays muted', () => {
    // ride-service's alert ended 5 s ago (a flap) while lock-service's still fires; the incident is open and acknowledged.
    const members = incident().members!.map((m) => (m.fingerprint === 'b' ? { ...m, endedAt: now - 5_000 } : m));
    const p = plan([incident({ members })], [ack('s1', lock, T + 5000), ack('s2', ride, T + 5000)]);
    expect(p.expire).toEqual([]);
    expect(p.create).toEqual([]);
  });

  it('expires the silence of an alert that ended longer ago than the quiet window, though the incident is still open: its return must page', () => {
    const quiet = { ...config, resolveAfterQuietSeconds: 30 };
    const members = incident().members!.map((m) => (m.fingerprint === 'b' ? { ...m, endedAt: now - 31_000 } : m));
    const p = planLeases([incident({ members })], [ack('s1', lock, T + 5000), ack('s2', ride, T + 5000)], { now, leaseMs: LEASE, blind: false, config: quiet });
    expect(p.expire).toEqual([{ id: 's2', why: 'its incident has ended' }]);
    // At 29 s it is still a flap.
    const recent = incident().members!.map((m) => (m.fingerprint === 'b' ? { ...m, endedAt: now - 29_000 } : m));
    expect(planLeases([incident({ members: recent })], [ack('s1', lock, T + 5000), ack('s2', ride, T + 5000)], { now, leaseMs: LEASE, blind: false, config: quiet }).expire).toEqual([]);
  });

  it('leaves other silences alone', () => {
    const maintenance = { ...ack('mw', lock, T - 3_600_000), comment: 'maintenance window' };
    expect(plan([], [maintenance])).toEqual({ expire: [], renew: [], create: [] });
  });

  it('keeps the acknowledgement of a quiet incident (its alerts ended, within its quiet window), and expires it once resolved', () => {
    const ended = incident().members!.map((m) => ({ ...m, endedAt: T + 30_000 }));
    const quiet = incident({ members: ended, quietSince: T + 30_000, resolvesAt: T + 150_000 });
    expect(plan([quiet], [ack('s1', lock, T + 5000)]).expire).toEqual([]);
    // Without the quiet marker, ended members own nothing: the acknowledgement goes with the incident.
    expect(plan([incident({ members: ended })], [ack('s1', lock, T + 5000)]).expire).toEqual([{ id: 's1', why: 'its incident has ended' }]);
    expect(plan([{ ...quiet, status: 'resolved', resolvedAt: T + 30_000 }], [ack('s1', lock, T + 5000)]).expire).toHaveLength(1);
  });
});
