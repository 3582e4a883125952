import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, skipUnlessInstalled, startAlertmanager, waitFor, type RealServer } from '../../testing';
import { createAlertmanagerSource } from './alertmanager';
import { SourceError, type DataSource } from './types';

const CONFIG = [
  'route:',
  '  receiver: blackhole',
  '  group_wait: 1s',
  'receivers:',
  '  - name: blackhole',
  '',
].join('\n');

function source(url: string): DataSource {
  return createAlertmanagerSource({ id: 'am', name: 'Test Alertmanager', kind: 'alertmanager', url, timeoutMs: 5_000 });
}

describe.skipIf(skipUnlessInstalled(['alertmanager'], 'Alertmanager connector tests'))('Alertmanager connector against a real Alertmanager', () => {
  let am: RealServer;
  let ds: DataSource;

  beforeAll(async () => {
    am = await startAlertmanager({ configYaml: CONFIG });
    ds = source(am.url);
    const startsAt = new Date(Date.now() - 120_000).toISOString();
    const response = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { labels: { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical' }, annotations: { summary: 'lock-service failing' }, startsAt },
        { labels: { alertname: 'UnlockSuccessLow', city: 'berlin', severity: 'page-me' }, annotations: {} },
      ]),
    });
    expect(response.status).toBe(200);
  });
  afterAll(async () => {
    await am?.stop();
  });

  it('lists posted alerts in the Lockstep model', async () => {
    const alerts = await waitFor('two alerts', async () => {
      const list = await ds.alerts!.listAlerts();
      return list.length === 2 ? list : undefined;
    });
    const errors = alerts.find((a) => a.name === 'ServiceErrorRateHigh')!;
    expect(errors.severity).toBe('critical');
    expect(errors.state).toBe('firing');
    expect(errors.source).toBe('am');
    expect(errors.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(Math.abs(errors.startsAt - (Date.now() - 120_000))).toBeLessThan(30_000);
    expect(alerts.find((a) => a.name === 'UnlockSuccessLow')?.severity).toBe('warning');
  });

  it('creates a silence that then mutes the matching alert', async () => {
    const now = Date.now();
    const { silenceId } = await ds.alerts!.createSilence({
      matchers: [{ name: 'service', value: 'lock-service', isRegex: false, isEqual: true }],
      startsAt: now,
      endsAt: now + 3_600_000,
      createdBy: 'oncall@example.com',
      comment: 'acknowledged: rolling back',
    });
    expect(silenceId).toMatch(/^[0-9a-f-]{36}$/);

    const silences = await ds.alerts!.listSilences();
    const silence = silences.find((s) => s.id === silenceId);
    expect(silence).toMatchObject({ createdBy: 'oncall@example.com', comment: 'acknowledged: rolling back', state: 'active' });
    expect(Math.abs(silence!.endsAt - (now + 3_600_000))).toBeLessThan(1_000);

    const muted = await waitFor('the alert to be silenced', async () => {
      const alert = (await ds.alerts!.listAlerts()).find((a) => a.name === 'ServiceErrorRateHigh');
      return alert?.silencedBy.includes(silenceId) ? alert : undefined;
    });
    expect(muted.state).toBe('firing');
    const other = (await ds.alerts!.listAlerts()).find((a) => a.name === 'UnlockSuccessLow');
    expect(other?.silencedBy).toEqual([]);
  });

  it("passes on Alertmanager's reason for refusing a silence", async () => {
    const error = await ds.alerts!
      .createSilence({ matchers: [], startsAt: Date.now(), endsAt: Date.now() + 1000, createdBy: 'x', comment: 'y' })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('rejected');
    expect((error as SourceError).message).toMatch(/refused the change: .*matchers/);
  });

  it('says it cannot reach an Alertmanager that is down', async () => {
    const port = await freePort();
    const error = await source(`http://127.0.0.1:${port}`).alerts!.listAlerts().then(() => undefined, (e: unknown) => e);
    expect((error as SourceError).kind).toBe('unreachable');
    // A lone Alertmanager's error is the HTTP layer's own sentence (services/http), naming where it looked.
    expect((error as SourceError).message).toContain(`127.0.0.1:${port}`);
    expect((error as SourceError).message).not.toContain('members');
  });
});
