import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipUnlessInstalled, startAlertmanagerCluster, waitFor, type RealAlertmanagerCluster } from '../../testing';
import { createAlertmanagerSource } from './alertmanager';
import { SourceError, type AlertsCapability } from './types';

const CONFIG = [
  'route:',
  '  receiver: team-channel',
  '  group_by: [alertname, service]',
  '  group_wait: 1s',
  '  routes:',
  '    - matchers: [severity="critical"]',
  '      receiver: fleet-primary',
  'receivers:',
  '  - name: team-channel',
  '  - name: fleet-primary',
  '',
].join('\n');

/** What one member lists, asked directly (not through Lockstep). */
async function direct<T>(url: string, path: string): Promise<T> {
  const response = await fetch(`${url}/api/v2${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}
const silenceIds = async (url: string) => (await direct<Array<{ id: string; status: { state: string } }>>(url, '/silences')).filter((s) => s.status.state === 'active').map((s) => s.id);
const alertNames = async (url: string) => (await direct<Array<{ labels: Record<string, string> }>>(url, '/alerts')).map((a) => a.labels.alertname).sort();

describe.skipIf(skipUnlessInstalled(['alertmanager'], 'Alertmanager cluster connector tests'))('one alert source on a real two-member Alertmanager 0.25 cluster', () => {
  let cluster: RealAlertmanagerCluster;
  let am: AlertsCapability;
  let urls: string[];

  beforeAll(async () => {
    cluster = await startAlertmanagerCluster({ configYaml: CONFIG });
    urls = cluster.members.map((m) => m.url);
    am = createAlertmanagerSource({ id: 'amc', name: 'Alertmanager', kind: 'alertmanager', url: urls[0]!, urls: [urls[1]!], timeoutMs: 2_000 }).alerts!;
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('says its version, that the cluster is ready with 2 peers, and that both members answer', async () => {
    const note = await waitFor('the status of both members', async () => {
      await am.listAlerts();
      const n = am.healthNote!();
      return n.detail?.includes('2 peers') && n.detail.includes('ready') ? n : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(note).toEqual({ detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' });
  });

  it('posts an alert to both members (Alertmanager does not gossip alerts), and lists it once with its receiver', async () => {
    const now = Date.now();
    await am.postAlerts!([{ labels: { alertname: 'LockstepEscalation', escalation: 'b', service: 'lock-service', severity: 'critical' }, annotations: { summary: 'escalated' }, startsAt: now - 5_000, endsAt: now + 600_000 }]);
    expect(await alertNames(urls[0]!)).toEqual(['LockstepEscalation']);
    expect(await alertNames(urls[1]!)).toEqual(['LockstepEscalation']);
    const listed = await am.listAlerts();
    expect(listed.map((a) => [a.name, a.receivers, a.source])).toEqual([['LockstepEscalation', ['fleet-primary'], 'amc']]);
  });

  it('with member 1 stopped, a silence lands on member 2, the source answers but is degraded; member 1 has it by gossip once back', async () => {
    await cluster.stopMember(0);
    const now = Date.now();
    const { silenceId } = await am.createSilence({
      matchers: [{ name: 'service', value: 'lock-service', isRegex: false, isEqual: true }],
      startsAt: now,
      endsAt: now + 3_600_000,
      createdBy: 'ana',
      comment: 'ACK! rolling back',
    });
    expect(await silenceIds(urls[1]!)).toEqual([silenceId]);

    const alerts = await am.listAlerts();
    expect(alerts.map((a) => [a.name, a.silencedBy])).toEqual([['LockstepEscalation', [silenceId]]]);
    const note = am.healthNote!();
    expect(note.problem).toMatch(new RegExp(`^${urls[0]!.slice(7)} does not answer \\(1 of 2 members\\): .*${urls[0]!.slice(17)}`));
    expect(note.detail).toMatch(new RegExp(`^Alertmanager 0\\.25\\.0, cluster ready, [12] peers?; answered by ${urls[1]!.slice(7)} \\(1 of 2 members\\)$`));

    await cluster.startMember(0);
    const onMember1 = await waitFor('the silence to reach member 1 by gossip', async () => {
      const ids = await silenceIds(urls[0]!).catch(() => []);
      return ids.length > 0 ? ids : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(onMember1).toEqual([silenceId]);
    expect((await am.listSilences()).filter((s) => s.state === 'active').map((s) => s.id)).toEqual([silenceId]);
    await am.listAlerts();
    expect(am.healthNote!().problem).toBeUndefined();
  });

  it('expiring a silence goes to one member and both list it expired', async () => {
    const [id] = await silenceIds(urls[1]!);
    await am.expireSilence!(id!);
    await waitFor('both members to list it expired', async () => ((await silenceIds(urls[0]!)).length + (await silenceIds(urls[1]!)).length === 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    expect((await am.listSilences()).find((s) => s.id === id)?.state).toBe('expired');
  });

  it('lists route groups with their receivers, from every member: member 1 restarted without the alert', async () => {
    expect(await alertNames(urls[0]!)).toEqual([]);
    const groups = await am.listGroups!();
    expect(groups.map((g) => [g.receiver, g.labels, g.alerts.map((a) => a.name)])).toEqual([
      ['fleet-primary', { alertname: 'LockstepEscalation', service: 'lock-service' }, ['LockstepEscalation']],
    ]);
  });

  it('with both members down, listing fails and names each member', async () => {
    // One after the other: members stopped at once each wait 5 s for the other to hear them leave.
    await cluster.stopMember(0);
    await cluster.stopMember(1);
    const error = (await am.listAlerts().then(() => undefined, (e: unknown) => e)) as SourceError;
    expect(error).toBeInstanceOf(SourceError);
    expect(error.kind).toBe('unreachable');
    expect(error.message.startsWith(`none of the 2 members of Alertmanager answers (${urls[0]!.slice(7)}: `)).toBe(true);
    expect(error.message).toContain(`; ${urls[1]!.slice(7)}: `);
  });
});
