import { describe, expect, it } from 'vitest';
import type { Alert } from '../../shared';
import { mergeSourceAlerts } from './merge-sources';

const alert = (over: Partial<Alert>): Alert => ({
  fingerprint: 'd5789d3beb443d91',
  name: 'ServiceErrorRateHigh',
  severity: 'critical',
  state: 'firing',
  startsAt: 1_000,
  labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service' },
  annotations: {},
  silencedBy: [],
  source: 'eu',
  ...over,
});

describe('alerts from several independent alert sources', () => {
  it('shows an alert two sources list once, with both known, the first in config order being where actions go', () => {
    const eu = alert({ source: 'eu', startsAt: 2_000, silencedBy: ['ack-eu'], receivers: ['eu-oncall'] });
    const us = alert({ source: 'us', startsAt: 1_500, silencedBy: [], receivers: ['us-oncall'] });
    const other = alert({ fingerprint: 'aaaa', name: 'UnlockSuccessLow', source: 'us' });
    expect(mergeSourceAlerts([{ sourceId: 'eu', alerts: [eu] }, { sourceId: 'us', alerts: [us, other] }])).toEqual([
      { ...eu, startsAt: 1_500, receivers: ['eu-oncall', 'us-oncall'], sources: ['eu', 'us'] },
      other,
    ]);
  });

  it('fires while any source says it fires; resolved only when all do, at the latest end', () => {
    const ended = alert({ source: 'eu', state: 'resolved', endsAt: 5_000 });
    const firing = alert({ source: 'us' });
    const [merged] = mergeSourceAlerts([{ sourceId: 'eu', alerts: [ended] }, { sourceId: 'us', alerts: [firing] }]);
    expect(merged).toMatchObject({ state: 'firing', source: 'eu', sources: ['eu', 'us'] });
    expect(merged!.endsAt).toBeUndefined();
    const [both] = mergeSourceAlerts([{ sourceId: 'eu', alerts: [ended] }, { sourceId: 'us', alerts: [alert({ source: 'us', state: 'resolved', endsAt: 7_000 })] }]);
    expect(both).toMatchObject({ state: 'resolved', endsAt: 7_000 });
  });

  it('leaves a single source’s list as it is', () => {
    const list = [alert({}), alert({ fingerprint: 'b' })];
    expect(mergeSourceAlerts([{ sourceId: 'eu', alerts: list }])).toEqual(list);
  });
});
