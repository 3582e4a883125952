import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeMemberAlerts, mergeMemberGroups, mergeMemberSilences } from './alertmanager-merge';
import { AmAlertGroupsSchema, AmAlertsSchema, AmSilencesSchema, toAlert, type AmAlert } from './alertmanager-schemas';

// Answers of a real two-member Alertmanager 0.25 cluster (testdata/alertmanager/cluster/README.md).
const dir = join(__dirname, 'testdata', 'alertmanager', 'cluster');
const recorded = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const meta = recorded('recorded.json') as { recordedAt: string; silenceId: string };
const AT = Date.parse(meta.recordedAt);
const member1 = AmAlertsSchema.parse(recorded('alerts-member-1.json'));
const member2 = AmAlertsSchema.parse(recorded('alerts-member-2.json'));
const named = (alerts: readonly AmAlert[], name: string) => alerts.find((a) => a.labels.alertname === name)!;

describe('merging what the members of a cluster list', () => {
  const merged = mergeMemberAlerts([member1, member2]);

  it('lists each alert once, including one only member 2 was posted', () => {
    expect(member1.map((a) => a.labels.alertname).sort()).toEqual(['CityLocksOffline', 'PaymentLatencyHigh', 'ServiceErrorRateHigh', 'UnlockSuccessLow']);
    expect(merged.map((a) => a.labels.alertname).sort()).toEqual(['CityLocksOffline', 'FirmwareRolloutStuck', 'PaymentLatencyHigh', 'ServiceErrorRateHigh', 'UnlockSuccessLow']);
    expect(new Set(merged.map((a) => a.fingerprint)).size).toBe(5);
  });

  it('keeps silenced, inhibited and active as the members say, with the receivers they route to', () => {
    const alerts = merged.map((a) => toAlert(a, 'am', AT));
    const by = (name: string) => alerts.find((a) => a.name === name)!;
    expect(by('PaymentLatencyHigh').silencedBy).toEqual([meta.silenceId]);
    expect(by('UnlockSuccessLow').inhibitedBy).toEqual([by('CityLocksOffline').fingerprint]);
    expect(by('ServiceErrorRateHigh')).toMatchObject({ state: 'firing', silencedBy: [], receivers: ['fleet-primary'] });
    expect(by('ServiceErrorRateHigh').inhibitedBy).toBeUndefined();
    expect(by('FirmwareRolloutStuck').receivers).toEqual(['team-channel']);
  });

  it('shows a silence made on one member at once, before gossip brings it to the other', () => {
    const beforeGossip = member2.map((a) => ({ ...a, status: { ...a.status, silencedBy: [], state: 'active' as const } }));
    const alert = named(mergeMemberAlerts([beforeGossip, member1]), 'PaymentLatencyHigh');
    expect(alert.status).toEqual({ state: 'suppressed', silencedBy: [meta.silenceId], inhibitedBy: [] });
  });

  it('dates an alert from the earliest start any member saw and ends it only when every member has', () => {
    const lock1 = named(member1, 'ServiceErrorRateHigh');
    const earlier = { ...lock1, startsAt: new Date(Date.parse(lock1.startsAt) - 60_000).toISOString(), endsAt: new Date(AT - 1000).toISOString() };
    const merged2 = named(mergeMemberAlerts([member2, [earlier]]), 'ServiceErrorRateHigh');
    expect(merged2.startsAt).toBe(earlier.startsAt);
    expect(toAlert(merged2, 'am', AT).state).toBe('firing');
    // Ended on both: resolved.
    const ended2 = { ...named(member2, 'ServiceErrorRateHigh'), endsAt: new Date(AT - 500).toISOString() };
    expect(toAlert(named(mergeMemberAlerts([[ended2], [earlier]]), 'ServiceErrorRateHigh'), 'am', AT)).toMatchObject({ state: 'resolved', endsAt: AT - 500 });
  });

  it('takes annotations from the member updated last', () => {
    const stale = { ...named(member1, 'CityLocksOffline'), annotations: { summary: 'older words' }, updatedAt: new Date(AT - 60_000).toISOString() };
    expect(named(mergeMemberAlerts([[stale], member2]), 'CityLocksOffline').annotations).toEqual({ summary: 'berlin locks offline' });
  });
});

describe('merging the members’ silences', () => {
  const s1 = AmSilencesSchema.parse(recorded('silences-member-1.json'));
  const s2 = AmSilencesSchema.parse(recorded('silences-member-2.json'));

  it('lists a gossiped silence once', () => {
    expect(mergeMemberSilences([s1, s2]).map((s) => s.id)).toEqual([meta.silenceId]);
  });

  it('an expiry one member has seen wins over the active copy another still lists', () => {
    const expired = s2.map((s) => ({ ...s, status: { state: 'expired' as const }, endsAt: meta.recordedAt, updatedAt: new Date(AT + 200).toISOString() }));
    expect(mergeMemberSilences([s1, expired])[0]!.status.state).toBe('expired');
    expect(mergeMemberSilences([expired, s1])[0]!.status.state).toBe('expired');
  });
});

describe('merging the members’ route groups', () => {
  const groups = AmAlertGroupsSchema.parse(recorded('groups-member-1.json')).map((g) => ({ receiver: g.receiver.name, labels: g.labels, alerts: g.alerts }));

  it('keeps a group only one member has, and lists each alert of a shared group once', () => {
    // As after a restart: the first member has only the critical groups, the other all four.
    const restarted = groups.filter((g) => g.receiver === 'fleet-primary');
    const merged = mergeMemberGroups([restarted, groups]);
    expect(merged.map((g) => `${g.receiver} ${g.alerts.map((a) => a.labels.alertname).join(',')}`).sort()).toEqual([
      'fleet-primary CityLocksOffline',
      'fleet-primary ServiceErrorRateHigh',
      'team-channel PaymentLatencyHigh',
      'team-channel UnlockSuccessLow',
    ]);
  });

  it('tells groups apart by receiver and labels, whatever order the labels come in', () => {
    const [first] = groups;
    const reordered = { ...first!, labels: Object.fromEntries(Object.entries(first!.labels).reverse()) };
    expect(mergeMemberGroups([[first!], [reordered]])).toHaveLength(1);
    expect(mergeMemberGroups([[first!], [{ ...first!, receiver: 'someone-else' }]])).toHaveLength(2);
  });
});
