import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AmAlertsSchema,
  AmPostSilenceAnswerSchema,
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
