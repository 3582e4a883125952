import { describe, expect, it } from 'vitest';
import type { EventOf, Incident, IncidentMember } from '../../shared';
import { IncidentTracker } from '../incidents/incident-tracker';
import { IncidentNotifier } from './incident-notifier';

function member(fingerprint: string, overrides: Partial<IncidentMember> = {}): IncidentMember {
  return { fingerprint, name: 'ServiceErrorRateHigh', severity: 'critical', labels: { service: 'lock-service' }, startsAt: 0, ...overrides };
}

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  const members = overrides.members ?? [member(`${id}-a`)];
  return {
    id,
    title: `lock-service: ServiceErrorRateHigh`,
    service: 'lock-service',
    severity: 'critical',
    status: 'open',
    state: 'firing',
    openedAt: 0,
    alerts: members.map((m) => m.fingerprint),
    members,
    ...overrides,
  };
}

/** A fake clock that also runs the notifier's collection window. */
function setup(options: { remindMs?: number } = {}) {
  let now = 0;
  let timers: Array<{ at: number; run: () => void }> = [];
  const tracker = new IncidentTracker(undefined, () => now);
  const sent: EventOf<'notification'>[] = [];
  const notifier = new IncidentNotifier({
    incidents: tracker,
    send: (n) => sent.push(n),
    now: () => now,
    schedule: (run, ms) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
    ...options,
  });
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      timers = timers.filter((t) => t !== next);
      next.run();
    }
    now = until;
  };
  /** A poll every 5 s for `ms`, seeing `list` each time. */
  const polls = (ms: number, list: () => Incident[]) => {
    for (let t = 0; t < ms; t += 5_000) {
      notifier.observe(list());
      advance(5_000);
    }
  };
  return { notifier, sent, tracker, advance, polls, pendingTimers: () => timers.length };
}

describe('IncidentNotifier', () => {
  it('notifies once per incident, not per member alert, within the collection window', () => {
    const { notifier, sent, advance, tracker } = setup();
    notifier.observe([incident('inc-1')]);
    expect(sent).toEqual([]);
    advance(1_000);
    expect(sent).toEqual([
      expect.objectContaining({ title: 'Critical: lock-service: ServiceErrorRateHigh', severity: 'critical', reason: 'opened', incidentId: 'inc-1', alertFingerprint: 'inc-1-a' }),
    ]);
    // More alerts join the same incident over later polls: still one notification.
    const grown = incident('inc-1', { members: [member('inc-1-a'), member('inc-1-b', { labels: { service: 'ride-service' } }), member('inc-1-c', { name: 'UnlockSuccessLow' })] });
    for (let i = 0; i < 10; i++) {
      notifier.observe([grown]);
      advance(5_000);
    }
    expect(sent).toHaveLength(1);
    expect(tracker.timelineOf('inc-1').filter((e) => e.kind === 'notified')).toHaveLength(1);
  });

  it('bundles a burst of 50 incidents in a second into one notification that says so', () => {
    const { notifier, sent, advance } = setup();
    const services = ['lock-service', 'ride-service', 'payment-service', 'app-gateway', 'map-service', 'fleet-service'];
    const storm = Array.from({ length: 50 }, (_, i) => incident(`inc-${i}`, { service: services[i % services.length]!, severity: i === 7 ? 'critical' : 'warning', members: [member(`f${i}`, { severity: i === 7 ? 'critical' : 'warning' })] }));
    // They arrive over a second (a webhook per alert, or a few fast polls).
    for (let i = 0; i < 50; i += 10) {
      notifier.observe(storm.slice(0, i + 10));
      advance(100);
    }
    advance(1_000);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ reason: 'bundle', severity: 'critical', title: '50 incidents opened in the last few seconds' });
    // Most severe first: the critical one (ride-service) leads.
    expect(sent[0]!.body).toBe('ride-service, lock-service, payment-service, app-gateway, map-service, … (1 critical)');
    expect(sent[0]!.incidentIds).toHaveLength(50);
    expect(sent[0]!.incidentIds![0]).toBe('inc-7');
    notifier.observe(storm);
    advance(5_000);
    expect(sent).toHaveLength(1);
  });

  it('notifies again when the incident gets worse: becomes critical, escalates to a new level', () => {
    const { notifier, sent, advance } = setup({ remindMs: 60 * 60_000 });
    const warning = incident('inc-1', { severity: 'warning', members: [member('w', { severity: 'warning' })] });
    notifier.observe([warning]);
    advance(5_000);
    notifier.observe([warning]);
    advance(5_000);
    const critical = incident('inc-1', { members: [member('w', { severity: 'warning' }), member('c')] });
    notifier.observe([critical]);
    advance(5_000);
    notifier.observe([{ ...critical, state: 'escalated', escalation: { level: 'b', at: 10_000 } }]);
    advance(5_000);
    notifier.observe([{ ...critical, state: 'escalated', escalation: { level: 'b', at: 10_000 } }]);
    advance(5_000);
    expect(sent.map((n) => [n.reason, n.title])).toEqual([
      ['opened', 'Warning: lock-service: ServiceErrorRateHigh'],
      ['worse', 'Now critical: lock-service: ServiceErrorRateHigh'],
      ['worse', 'Now critical, escalated to level b: lock-service: ServiceErrorRateHigh'],
    ]);
  });

  it('reminds every N minutes while critical, open and unacknowledged, and stops on acknowledgement', () => {
    const { sent, polls } = setup({ remindMs: 5 * 60_000 });
    const open = incident('inc-1');
    polls(16 * 60_000, () => [open]);
    expect(sent.map((n) => n.reason)).toEqual(['opened', 'reminder', 'reminder', 'reminder']);
    expect(sent[1]!.title).toBe('Still unacknowledged: lock-service: ServiceErrorRateHigh');
    const acked = { ...open, state: 'acknowledged' as const, acknowledgement: { by: 'ana', comment: 'on it', at: 1, until: 2, silenceIds: ['s1'] } };
    polls(30 * 60_000, () => [acked]);
    expect(sent).toHaveLength(4);
  });

  it('stops reminding when the incident resolves, and never reminds about warnings', () => {
    const { sent, polls } = setup({ remindMs: 5 * 60_000 });
    polls(6 * 60_000, () => [incident('inc-1'), incident('inc-2', { severity: 'warning', members: [member('w', { severity: 'warning' })] })]);
    expect(sent.map((n) => n.reason)).toEqual(['bundle', 'reminder']);
    expect(sent[1]!.incidentId).toBe('inc-1');
    polls(30 * 60_000, () => [{ ...incident('inc-1'), status: 'resolved', resolvedAt: 1 }]);
    polls(30 * 60_000, () => []);
    expect(sent).toHaveLength(2);
  });

  it('does not remind about a recovering incident (its alerts ended, within the quiet window), and reminds again if it fires again', () => {
    const { sent, polls } = setup({ remindMs: 5 * 60_000 });
    const open = incident('inc-1');
    polls(60_000, () => [open]);
    const quiet = { ...open, quietSince: 50_000, resolvesAt: 170_000 };
    polls(10 * 60_000, () => [quiet]);
    expect(sent.map((n) => n.reason)).toEqual(['opened']);
    polls(60_000, () => [open]);
    expect(sent.map((n) => n.reason)).toEqual(['opened', 'reminder']);
  });

  it('says nothing about acknowledged, muted or info incidents', () => {
    const { sent, polls } = setup();
    polls(20 * 60_000, () => [
      incident('acked', { acknowledgement: { by: 'ana', comment: 'mine', at: 0, until: 1, silenceIds: ['s'] }, state: 'acknowledged' }),
      incident('silenced', { members: [member('s', { silencedBy: ['ops: maintenance'] })] }),
      incident('inhibited', { members: [member('i', { inhibited: true })] }),
      incident('info', { severity: 'info', members: [member('n', { severity: 'info' })] }),
    ]);
    expect(sent).toEqual([]);
  });

  it('does not tell a restarted console’s person again what its timeline says they were told', () => {
    const { notifier, sent, tracker, advance } = setup();
    tracker.record('inc-1', 'notified', 'Notified before the restart');
    notifier.observe([incident('inc-1')]);
    advance(2_000);
    expect(sent).toEqual([]);
  });

  describe('its window starts when the alerts started (Alertmanager startsAt), not when a poll showed them', () => {
    /** An incident whose alerts started at `startsAt`. */
    const startedAt = (id: string, startsAt: number, overrides: Partial<Incident> = {}) =>
      incident(id, { openedAt: startsAt, members: [member(`${id}-a`, { startsAt, labels: { service: overrides.service ?? 'lock-service' } })], ...overrides });

    it('a lone incident that started 900 ms before a poll showed it goes out 100 ms later', () => {
      const { notifier, sent, advance } = setup();
      advance(9_900);
      notifier.observe([]);
      advance(1_000);
      notifier.observe([startedAt('inc-1', 10_000)]);
      advance(99);
      expect(sent).toEqual([]);
      advance(1);
      expect(sent).toEqual([expect.objectContaining({ reason: 'opened', incidentId: 'inc-1', id: 'inc-1:opened:11000' })]);
    });

    it('a lone incident shown 3 s after it started goes out at once', () => {
      const { notifier, sent, advance, pendingTimers } = setup();
      advance(13_000);
      notifier.observe([startedAt('inc-1', 10_000)]);
      expect(sent).toEqual([expect.objectContaining({ reason: 'opened', incidentId: 'inc-1', id: 'inc-1:opened:13000' })]);
      expect(pendingTimers()).toBe(0);
    });

    // Whatever the phase of the 1 s polls: 1 s after it started, or with the next poll when that is due within 250 ms after.
    it.each([
      [1, 11_001],
      [250, 11_250],
      [251, 11_000],
      [500, 11_000],
      [999, 11_000],
    ])('a lone incident is due 1 s after it started (first poll %i ms after it: out at %i)', (phase, out) => {
      const { notifier, sent, advance } = setup();
      const alert = startedAt('inc-1', 10_000);
      advance(9_000 + phase);
      for (let poll = 0; poll < 4; poll++) {
        notifier.observe(poll === 0 ? [] : [alert]);
        advance(1_000);
      }
      expect(sent).toEqual([expect.objectContaining({ reason: 'opened', id: `inc-1:opened:${out}` })]);
    });

    it('a clock ahead of this one (startsAt in the future) holds a notification at most the window', () => {
      const { notifier, sent, advance } = setup();
      advance(10_000);
      notifier.observe([startedAt('inc-1', 70_000)]);
      advance(999);
      expect(sent).toEqual([]);
      advance(1);
      expect(sent).toEqual([expect.objectContaining({ reason: 'opened', id: 'inc-1:opened:11000' })]);
      // A storm with no poll to close its window: at most half a window more.
      notifier.observe([startedAt('inc-2', 90_000), startedAt('inc-3', 90_000)]);
      advance(1_499);
      expect(sent).toHaveLength(1);
      advance(1);
      expect(sent[1]).toMatchObject({ reason: 'bundle', incidentIds: ['inc-2', 'inc-3'] });
    });

    // Polls every second, each taking `fetchMs` (the poller waits its interval after a poll ends).
    it.each([
      [10, 0],
      [10, 40],
      [30, 0],
      [250, 0],
      [500, 0],
      [500, 40],
      [990, 40],
    ])('50 incidents starting within one second, shown over two polls, are ONE notification saying 50 (first poll %i ms in, polls %i ms late)', (phase, fetchMs) => {
      const { notifier, sent, advance } = setup();
      const services = ['lock-service', 'ride-service', 'payment-service', 'app-gateway', 'map-service', 'fleet-service'];
      const storm = Array.from({ length: 50 }, (_, i) => startedAt(`inc-${i}`, 10_000 + i * 20, { service: services[i % services.length]! }));
      advance(8_000 + phase);
      const shown: number[] = [];
      for (let poll = 0; poll < 6; poll++) {
        const now = 8_000 + phase + poll * (1_000 + fetchMs);
        const visible = storm.filter((s) => s.openedAt <= now);
        shown.push(visible.length);
        notifier.observe(visible);
        advance(1_000 + fetchMs);
      }
      // It really was seen over two polls (or more).
      expect(shown.filter((n) => n > 0 && n < 50).length).toBeGreaterThan(0);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ reason: 'bundle', title: '50 incidents opened in the last few seconds' });
      expect(sent[0]!.incidentIds).toHaveLength(50);
      // No later than the closing poll: about one poll after the storm was first seen, as before.
      const firstSeen = 8_000 + phase + shown.findIndex((n) => n > 0) * (1_000 + fetchMs);
      expect(Number(sent[0]!.id.split(':')[1])).toBe(firstSeen + 1_000 + fetchMs);
    });

    it('worse and reminders keep the window from when they were seen', () => {
      const { notifier, sent, advance } = setup({ remindMs: 60_000 });
      const warning = startedAt('inc-1', 0, { severity: 'warning', members: [member('w', { severity: 'warning' })] });
      notifier.observe([warning]);
      advance(10_000);
      expect(sent.map((n) => n.reason)).toEqual(['opened']);
      notifier.observe([{ ...warning, severity: 'critical', members: [member('w', { severity: 'warning' }), member('c')] }]);
      advance(999);
      expect(sent).toHaveLength(1);
      advance(1);
      expect(sent.map((n) => n.reason)).toEqual(['opened', 'worse']);
      advance(60_000);
      notifier.observe([{ ...warning, severity: 'critical', members: [member('w', { severity: 'warning' }), member('c')] }]);
      advance(999);
      expect(sent).toHaveLength(2);
      advance(1);
      expect(sent.map((n) => n.reason)).toEqual(['opened', 'worse', 'reminder']);
    });
  });

  it('cancels its collection window on close', () => {
    const { notifier, sent, advance, pendingTimers } = setup();
    notifier.observe([incident('inc-1')]);
    expect(pendingTimers()).toBe(1);
    notifier.close();
    expect(pendingTimers()).toBe(0);
    advance(2_000);
    expect(sent).toEqual([]);
  });
});
