import { describe, expect, it } from 'vitest';
import type { Alert, Silence } from '../model/alerts';
import { CorrelationConfigSchema } from '../model/incident';
import { deriveEpisodes, render, type Episode } from './derive';
import { groupMatchers, silenceMatches } from './grouping';

const config = CorrelationConfigSchema.parse({
  groupBy: ['service', 'city', 'provider'],
  callGraph: { 'app-gateway': ['ride-service'], 'ride-service': ['lock-service', 'payment-service'], 'lock-service': ['iot-gateway'], 'payment-service': ['wallet-db'] },
  symptoms: { UnlockSuccessLow: ['app-gateway', 'ride-service', 'lock-service', 'iot-gateway'] },
  placeLabels: ['city'],
});

const T0 = Date.UTC(2026, 10, 24, 2, 0, 0);
function alert(name: string, labels: Record<string, string>, startsAt: number, extra: Partial<Alert> = {}): Alert {
  const all = { alertname: name, severity: 'critical', ...labels };
  return {
    fingerprint: `fp-${name}-${Object.values(labels).join('-')}`,
    name,
    severity: all.severity === 'warning' ? 'warning' : all.severity === 'none' ? 'info' : 'critical',
    state: 'firing',
    startsAt,
    labels: all,
    annotations: {},
    silencedBy: [],
    source: 'am',
    ...extra,
  };
}
const badRelease = (t = T0) => [
  alert('ServiceErrorRateHigh', { service: 'lock-service' }, t),
  alert('ServiceErrorRateHigh', { service: 'ride-service' }, t + 5_000),
  alert('ServiceErrorRateHigh', { service: 'app-gateway' }, t + 10_000),
  ...['berlin', 'paris', 'madrid'].map((city, i) => alert('UnlockSuccessLow', { city, severity: 'warning' }, t + 60_000 + i * 1000)),
  alert('Watchdog', { severity: 'none' }, t - 3_600_000),
];

function poll(prev: Episode[], alerts: Alert[], now: number, silences: Silence[] = [], blind = false) {
  return deriveEpisodes(prev, { alerts, silences, now, blind }, config).episodes;
}
const openOf = (episodes: Episode[]) => episodes.filter((e) => e.resolvedAt === undefined);

describe('incidents derived from alerts', () => {
  it('makes one bad release ONE incident, caused by the deepest failing service, never showing the watchdog', () => {
    const episodes = poll([], badRelease(), T0 + 120_000);
    expect(episodes).toHaveLength(1);
    const { incident } = render(episodes[0]!, [], config, T0 + 120_000, false);
    expect(incident.service).toBe('lock-service');
    expect(incident.title).toMatch(/^lock-service: ServiceErrorRateHigh/);
    expect(incident.cause).toContain('ride-service calls lock-service');
    expect(incident.members?.map((m) => m.name)).not.toContain('Watchdog');
    expect(incident.alerts).toHaveLength(6);
    expect(incident.state).toBe('firing');
  });

  it('gives the same id, members and timeline whatever the order and whenever a console started', () => {
    const alerts = badRelease();
    const early = poll(poll([], alerts.slice(0, 2), T0 + 30_000), alerts, T0 + 120_000);
    const late = poll([], [...alerts].reverse(), T0 + 900_000);
    const a = render(early[0]!, [], config, T0, false);
    const b = render(late[0]!, [], config, T0, false);
    expect(a.incident.id).toBe(b.incident.id);
    expect(a.incident.alerts).toEqual(b.incident.alerts);
    expect(a.timeline).toEqual(b.timeline);
  });

  it('does not let a caller bridge two independent failures: a payment outage before a bad release stays its own incident', () => {
    const alerts = [alert('PaymentFailuresHigh', { service: 'payment-service', provider: 'unionpay' }, T0 - 240_000), ...badRelease()];
    const incidents = poll([], alerts, T0 + 120_000).map((e) => render(e, [], config, T0, false).incident);
    expect(incidents).toHaveLength(2);
    expect(incidents.find((i) => i.service === 'lock-service')?.alerts).toHaveLength(6);
    expect(incidents.find((i) => i.service === 'payment-service')?.alerts).toHaveLength(1);
  });

  it('names as cause a dependency still failing, not one that recovered', () => {
    const iot = alert('ServiceErrorRateHigh', { service: 'iot-gateway' }, T0 + 2_000);
    const first = poll([], [...badRelease(), iot], T0 + 60_000);
    expect(render(first[0]!, [], config, T0, false).incident.service).toBe('iot-gateway');
    const later = poll(first, badRelease(), T0 + 120_000);
    expect(later).toHaveLength(1);
    const { incident } = render(later[0]!, [], config, T0, false);
    expect(incident.service).toBe('lock-service');
    expect(incident.alerts).toHaveLength(7);
  });

  it('keeps unrelated failures apart: a payment outage and a partition in one city', () => {
    const alerts = [
      alert('PaymentFailuresHigh', { service: 'payment-service', provider: 'stripe' }, T0),
      alert('CityLocksOffline', { service: 'iot-gateway', city: 'oslo' }, T0 + 1000),
      alert('UnlockSuccessLow', { city: 'oslo', severity: 'warning' }, T0 + 2000, { inhibitedBy: ['fp-CityLocksOffline-iot-gateway-oslo'] }),
    ];
    const episodes = poll([], alerts, T0 + 10_000);
    expect(episodes).toHaveLength(2);
    const partition = episodes.map((e) => render(e, [], config, T0, false).incident).find((i) => i.service === 'iot-gateway')!;
    expect(partition.alerts).toHaveLength(2);
    expect(partition.members?.find((m) => m.name === 'UnlockSuccessLow')?.inhibited).toBe(true);
    expect(partition.cause).toMatch(/inhibited by CityLocksOffline/);
  });

  it('ends when its alerts end, and a new episode is a new incident', () => {
    const first = poll([], badRelease(), T0 + 60_000);
    // All alerts gone: quiet for the window (120 s by default), then resolved, dated when they ended.
    const quiet = poll(first, [], T0 + 600_000);
    expect(openOf(quiet)).toHaveLength(1);
    const waiting = render(quiet[0]!, [], config, T0 + 600_000, false).incident;
    expect(waiting).toMatchObject({ status: 'open', quietSince: T0 + 600_000, resolvesAt: T0 + 720_000 });
    expect(openOf(poll(quiet, [], T0 + 719_000))).toHaveLength(1);
    const ended = poll(quiet, [], T0 + 720_000);
    expect(openOf(ended)).toHaveLength(0);
    const resolved = render(ended[0]!, [], config, T0 + 720_000, false);
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.incident.resolvedAt).toBe(T0 + 600_000);
    expect(resolved.incident.quietSince).toBeUndefined();
    expect(resolved.timeline.at(-1)?.kind).toBe('incident_resolved');
    const again = poll(ended, [alert('ServiceErrorRateHigh', { service: 'lock-service' }, T0 + 900_000)], T0 + 960_000);
    expect(again).toHaveLength(2);
    const ids = new Set(again.map((e) => e.id));
    expect(ids.size).toBe(2);
  });

  it('a flapping alert continues its incident, acknowledgement included, if it fires again within the quiet window', () => {
    const lock = (t: number) => alert('ServiceErrorRateHigh', { service: 'lock-service' }, t);
    const ack: Silence = { id: 's-ack', matchers: groupMatchers({ service: 'lock-service' }, config), startsAt: T0 + 30_000, endsAt: T0 + 3_600_000, createdBy: 'ana', comment: 'ACK! on it', state: 'active' };
    const first = poll([], [lock(T0)], T0 + 60_000, [ack]);
    const id = first[0]!.id;
    const dip = poll(first, [], T0 + 90_000, [ack]);
    const back = poll(dip, [lock(T0 + 120_000)], T0 + 125_000, [ack]);
    expect(openOf(back)).toHaveLength(1);
    expect(back).toHaveLength(1);
    const { incident, timeline } = render(back[0]!, [ack], config, T0 + 125_000, false);
    expect(incident.id).toBe(id);
    expect(incident.state).toBe('acknowledged');
    expect(incident.acknowledgement?.by).toBe('ana');
    expect(incident.quietSince).toBeUndefined();
    expect(timeline.filter((e) => e.kind === 'alert_firing')).toHaveLength(2);
    expect(timeline.map((e) => e.kind)).toContain('alert_resolved');
  });

  it('a related failure during the quiet window is a new incident, not absorbed into the recovering one', () => {
    const first = poll([], [alert('ServiceErrorRateHigh', { service: 'lock-service' }, T0)], T0 + 60_000);
    const quiet = poll(first, [], T0 + 90_000);
    const callee = poll(quiet, [alert('ServiceErrorRateHigh', { service: 'iot-gateway' }, T0 + 100_000)], T0 + 110_000);
    const open = openOf(callee);
    expect(open).toHaveLength(2);
    expect(new Set(open.map((e) => e.id)).size).toBe(2);
    const recovering = open.find((e) => e.id === first[0]!.id)!;
    expect(render(recovering, [], config, T0 + 110_000, false).incident.quietSince).toBe(T0 + 90_000);
  });

  it('a quiet window of 0 resolves an incident as soon as its alerts end', () => {
    const zero = { ...config, resolveAfterQuietSeconds: 0 };
    const first = deriveEpisodes([], { alerts: [alert('ServiceErrorRateHigh', { service: 'lock-service' }, T0)], silences: [], now: T0 + 60_000, blind: false }, zero).episodes;
    const ended = deriveEpisodes(first, { alerts: [], silences: [], now: T0 + 61_000, blind: false }, zero).episodes;
    expect(ended[0]!.resolvedAt).toBe(T0 + 61_000);
  });

  it('while blind, a missing alert is unknown, not resolved', () => {
    const first = poll([], badRelease(), T0 + 60_000);
    const blind = poll(first, [], T0 + 600_000, [], true);
    expect(openOf(blind)).toHaveLength(1);
    const { incident, timeline } = render(blind[0]!, [], config, T0 + 600_000, true);
    expect(incident.status).toBe('open');
    expect(incident.unknown).toBe(true);
    expect(timeline.map((e) => e.kind)).not.toContain('alert_resolved');
  });

  it('reads ACK! silences of this episode as the acknowledgement; others as silences; escalation alerts join their incident', () => {
    const alerts = badRelease();
    const lockGroup = { service: 'lock-service' };
    const matchers = groupMatchers(lockGroup, config);
    const ack: Silence = { id: 's-ack', matchers, startsAt: T0 + 70_000, endsAt: T0 + 70_000 + 20 * 60_000, createdBy: 'ana', comment: 'ACK! rolling back', state: 'active' };
    const old: Silence = { ...ack, id: 's-old', startsAt: T0 - 3_600_000, createdBy: 'bob' };
    const maintenance: Silence = { id: 's-mw', matchers, startsAt: T0 + 10, endsAt: T0 + 9e6, createdBy: 'carl', comment: 'maintenance window', state: 'active' };
    alerts[0] = { ...alerts[0]!, silencedBy: ['s-mw'] };
    const escalation = alert('LockstepEscalation', { service: 'lock-service', escalation: 'b', escalated_alert: 'ServiceErrorRateHigh' }, T0 + 300_000);
    expect(silenceMatches(ack, escalation.labels)).toBe(true);
    expect(silenceMatches(ack, alerts[1]!.labels)).toBe(false);
    const episodes = poll([], [...alerts, escalation], T0 + 400_000, [ack, old, maintenance]);
    expect(episodes).toHaveLength(1);
    const { incident, timeline } = render(episodes[0]!, [ack, old, maintenance], config, T0 + 400_000, false);
    expect(incident.acknowledgement).toMatchObject({ by: 'ana', comment: 'rolling back', silenceIds: ['s-ack'] });
    expect(incident.state).toBe('acknowledged');
    expect(incident.silencedBy).toEqual(['carl: maintenance window']);
    expect(incident.escalation).toEqual({ level: 'b', at: T0 + 300_000 });
    expect(timeline.filter((e) => e.kind === 'acknowledged').map((e) => e.actor)).toEqual(['ana']);
    expect(timeline.some((e) => e.kind === 'escalated' && e.text === 'Escalated to B')).toBe(true);
    // Without the ack it reads escalated.
    const unacked = render(episodes[0]!, [], config, T0 + 400_000, false).incident;
    expect(unacked.state).toBe('escalated');
  });

  it('shows the highest level that paged, not the latest, and a muted escalation as muted', () => {
    const alerts = badRelease();
    const c = alert('LockstepEscalation', { service: 'lock-service', escalation: 'c', escalated_alert: 'ServiceErrorRateHigh' }, T0 + 25_000);
    // A caller that joined late reaches B after lock-service reached C.
    const b = alert('LockstepEscalation', { service: 'ride-service', escalation: 'b', escalated_alert: 'ServiceErrorRateHigh' }, T0 + 32_000);
    const episodes = poll([], [...alerts, c, b], T0 + 60_000);
    expect(render(episodes[0]!, [], config, T0 + 60_000, false).incident.escalation).toEqual({ level: 'c', at: T0 + 25_000 });

    // An escalation Alertmanager silenced (the incident was acknowledged) paged nobody.
    const muted = { ...b, fingerprint: 'fp-muted-b', silencedBy: ['s-ack'] };
    const quiet = poll([], [...alerts, muted], T0 + 60_000);
    const { incident, timeline } = render(quiet[0]!, [], config, T0 + 60_000, false);
    expect(incident.escalation).toBeUndefined();
    expect(incident.state).toBe('firing');
    expect(timeline.find((e) => e.kind === 'escalated')?.text).toBe('Escalation to B muted by a silence: nobody was paged');
  });

  it('matchers cover the group and only it: an absent grouping label must stay absent', () => {
    const matchers = groupMatchers({ service: 'lock-service' }, config);
    const s = { matchers };
    expect(silenceMatches(s, { alertname: 'X', service: 'lock-service' })).toBe(true);
    expect(silenceMatches(s, { alertname: 'X', service: 'lock-service', city: 'oslo' })).toBe(false);
    expect(groupMatchers({ alertname: 'Lonely' }, config)).toEqual([{ name: 'alertname', value: 'Lonely', isRegex: false, isEqual: true }]);
  });
});
