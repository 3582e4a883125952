import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AmAlertGroupsSchema,
  AmAlertsSchema,
  AmPostSilenceAnswerSchema,
  AmStatusSchema,
  AmSilencesSchema,
  AmWebhookSchema,
  isoToMs,
  toAlert,
  toSilence,
} from './alertmanager-schemas';

const recorded = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, 'testdata', 'alertmanager', file), 'utf8'));
const RECORDED_AT = Date.parse('2026-11-24T20:09:23Z');

describe('Alertmanager 0.25 answers recorded from the real server', () => {
  const alerts = AmAlertsSchema.parse(recorded('alerts.json')).map((a) => toAlert(a, 'am', RECORDED_AT));

  it('maps an active critical alert', () => {
    const alert = alerts.find((a) => a.name === 'ServiceErrorRateHigh')!;
    expect(alert).toMatchObject({
      fingerprint: 'd5789d3beb443d91',
      severity: 'critical',
      state: 'firing',
      startsAt: Date.parse('2026-11-24T20:08:20.109Z'),
      silencedBy: [],
      source: 'am',
      annotations: { summary: 'lock-service failing' },
    });
    expect(alert.labels.service).toBe('lock-service');
    expect(alert.endsAt).toBeUndefined();
  });

  it('maps a suppressed alert with no severity as a silenced warning', () => {
    const alert = alerts.find((a) => a.name === 'UnlockSuccessLow')!;
    expect(alert.severity).toBe('warning');
    expect(alert.state).toBe('firing');
    expect(alert.silencedBy).toEqual(['60008c36-54ae-40f4-bfa4-d51c8179c6d8']);
  });

  it('calls an alert whose end has passed resolved', () => {
    const [raw] = AmAlertsSchema.parse(recorded('alerts.json'));
    const later = toAlert(raw!, 'am', Date.parse('2026-11-24T20:20:00Z'));
    expect(later.state).toBe('resolved');
    expect(later.endsAt).toBe(Date.parse('2026-11-24T20:14:20.111Z'));
  });

  it('maps silences and the answer to creating one', () => {
    const [silence] = AmSilencesSchema.parse(recorded('silences.json')).map(toSilence);
    expect(silence).toEqual({
      id: '60008c36-54ae-40f4-bfa4-d51c8179c6d8',
      matchers: [{ name: 'alertname', value: 'UnlockSuccessLow', isRegex: false, isEqual: true }],
      startsAt: Date.parse('2026-11-24T20:09:20.118Z'),
      endsAt: Date.parse('2026-11-24T21:09:20.109Z'),
      createdBy: 'oncall',
      comment: 'ack',
      state: 'active',
    });
    expect(AmPostSilenceAnswerSchema.parse(recorded('post-silence.json')).silenceID).toBe(silence!.id);
  });

  it('parses the webhook payload it sends to receivers', () => {
    const [hook] = (recorded('webhook.json') as unknown[]).map((h) => AmWebhookSchema.parse(h));
    expect(hook!.version).toBe('4');
    expect(hook!.alerts[0]?.fingerprint).toBe('d5789d3beb443d91');
    expect(isoToMs(hook!.alerts[0]?.endsAt)).toBeUndefined();
  });

  it('rejects an alert whose state it does not know', () => {
    const bad = [{ ...(recorded('alerts.json') as object[])[0], status: { state: 'exploded' } }];
    expect(AmAlertsSchema.safeParse(bad).success).toBe(false);
  });
});

describe('Alertmanager 0.25 cluster answers recorded from the real servers (testdata/alertmanager/cluster)', () => {
  const cluster = (file: string) => recorded(join('cluster', file));

  it('reads a clustered member’s status: version, ready, both peers by gossip address', () => {
    const status = AmStatusSchema.parse(cluster('status-member-1.json'));
    expect(status.versionInfo.version).toBe('0.25.0');
    expect(status.cluster.status).toBe('ready');
    expect(status.cluster.peers).toHaveLength(2);
    expect(status.cluster.peers.map((p) => p.name)).toContain(status.cluster.name);
    for (const peer of status.cluster.peers) expect(peer.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(AmStatusSchema.parse(cluster('status-member-2.json')).cluster.peers.map((p) => p.name).sort()).toEqual(status.cluster.peers.map((p) => p.name).sort());
  });

  it('reads a member with gossip off as a disabled cluster with no peers and no name', () => {
    const status = AmStatusSchema.parse(cluster('status-gossip-off.json'));
    expect(status.cluster).toEqual({ status: 'disabled', peers: [] });
  });

  it('reads route groups: receiver, group labels and the alerts in them, the inhibited one included', () => {
    const groups = AmAlertGroupsSchema.parse(cluster('groups-member-1.json'));
    const summary = groups.map((g) => `${g.receiver.name} ${JSON.stringify(g.labels)} ${g.alerts.map((a) => a.labels.alertname).join(',')}`).sort();
    expect(summary).toEqual([
      'fleet-primary {"alertname":"CityLocksOffline","city":"berlin"} CityLocksOffline',
      'fleet-primary {"alertname":"ServiceErrorRateHigh","service":"lock-service"} ServiceErrorRateHigh',
      'team-channel {"alertname":"PaymentLatencyHigh","service":"payment-service"} PaymentLatencyHigh',
      'team-channel {"alertname":"UnlockSuccessLow","city":"berlin"} UnlockSuccessLow',
    ]);
    const inhibited = groups.flatMap((g) => g.alerts).find((a) => a.labels.alertname === 'UnlockSuccessLow')!;
    expect(inhibited.status.state).toBe('suppressed');
    expect(inhibited.status.inhibitedBy).toHaveLength(1);
  });

  it('maps each alert’s receivers onto the Lockstep model', () => {
    const alerts = AmAlertsSchema.parse(cluster('alerts-member-1.json')).map((a) => toAlert(a, 'am', RECORDED_AT));
    expect(Object.fromEntries(alerts.map((a) => [a.name, a.receivers]))).toEqual({
      CityLocksOffline: ['fleet-primary'],
      PaymentLatencyHigh: ['team-channel'],
      ServiceErrorRateHigh: ['fleet-primary'],
      UnlockSuccessLow: ['team-channel'],
    });
  });

  it('rejects a status whose cluster state it does not know', () => {
    const bad = { ...(cluster('status-member-1.json') as object), cluster: { status: 'exploded', peers: [] } };
    expect(AmStatusSchema.safeParse(bad).success).toBe(false);
  });
});
