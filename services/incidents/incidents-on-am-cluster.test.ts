import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Alert, EventEnvelope, EventOf, IncidentsSnapshot, MethodName, RpcReply, SourceStatus } from '../../shared';
import { skipUnlessInstalled, startAlertmanager, startAlertmanagerCluster, waitFor, type RealAlertmanagerCluster, type RealServer } from '../../testing';
import type { ClientSession } from '../core/client';
import { servicesFrom } from '../core/create-services';
import type { LockstepServices } from '../core/lockstep-services';
import { createAlertmanagerSource } from '../datasources/alertmanager';
import { DEFAULT_CORRELATION } from './incident-tracker';

const AM_CONFIG = ['route:', '  receiver: blackhole', '  group_wait: 1s', '  group_by: [alertname, service]', 'receivers:', '  - name: blackhole', ''].join('\n');
const LOCK = { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical' };

/** Posts as Prometheus does, to one Alertmanager. */
async function post(url: string, labels: Record<string, string>, startsAt: number): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels, annotations: { summary: 'lock-service failing' }, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(Date.now() + 600_000).toISOString() }]),
  });
  expect(response.status).toBe(200);
}
const listed = async <T>(url: string, path: string) => (await (await fetch(`${url}/api/v2${path}`)).json()) as T;
const activeAcks = async (url: string) =>
  (await listed<Array<{ id: string; comment: string; status: { state: string } }>>(url, '/silences')).filter((s) => s.status.state === 'active' && s.comment.startsWith('ACK!')).map((s) => s.id);
const alertNames = async (url: string) => (await listed<Array<{ labels: Record<string, string> }>>(url, '/alerts')).map((a) => a.labels.alertname).sort();

describe.skipIf(skipUnlessInstalled(['alertmanager'], 'incidents on an Alertmanager cluster'))('a console on a two-member Alertmanager cluster and a second, independent Alertmanager', () => {
  let cluster: RealAlertmanagerCluster;
  let solo: RealServer;
  let services: LockstepServices;
  const events: EventEnvelope[] = [];
  let client: ClientSession;
  let m1: string;
  let m2: string;

  const call = async <T>(method: MethodName, request: unknown): Promise<T> => {
    const reply: RpcReply = await services.handle(method, request, client);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.value as T;
  };
  const statusOf = (source: string) => events.filter((e): e is { event: 'sourceStatus'; payload: SourceStatus } => e.event === 'sourceStatus' && e.payload.source === source).at(-1)?.payload;
  const lastHealth = () => events.filter((e): e is { event: 'alerts'; payload: EventOf<'alerts'> } => e.event === 'alerts').at(-1)?.payload.health;

  beforeAll(async () => {
    [cluster, solo] = await Promise.all([startAlertmanagerCluster({ configYaml: AM_CONFIG }), startAlertmanager({ configYaml: AM_CONFIG })]);
    [m1, m2] = cluster.members.map((m) => m.url) as [string, string];
    const sources = [
      createAlertmanagerSource({ id: 'amc', name: 'Alertmanager cluster', kind: 'alertmanager', url: m1, urls: [m2], timeoutMs: 2_000 }),
      createAlertmanagerSource({ id: 'solo', name: 'Team B Alertmanager', kind: 'alertmanager', url: solo.url, timeoutMs: 2_000 }),
    ];
    services = servicesFrom(sources, { mode: 'custom', alertPollSeconds: 0.25, correlation: { ...DEFAULT_CORRELATION, resolveAfterQuietSeconds: 2 }, watchdogGraceSeconds: 600 }, {
      dataDir: mkdtempSync(join(tmpdir(), 'lockstep-am-cluster-')),
      version: 't',
      defaultActor: 'ana',
    });
    client = { id: 'desk', send: (e) => void events.push(e) };
    services.attach(client);
  });
  afterAll(async () => {
    await services?.close();
    await cluster?.stop();
    await solo?.stop();
  });

  it('lists an alert both Alertmanagers have once, knowing both; escalating posts to every member of the source that listed it first', async () => {
    const t0 = Date.now() - 60_000;
    await Promise.all([m1, m2, solo.url].map((url) => post(url, LOCK, t0)));
    const alert = await waitFor('the alert from both sources', async () => {
      const { alerts } = await call<{ alerts: Alert[] }>('listAlerts', {});
      return alerts.length === 1 && alerts[0]!.sources?.length === 2 ? alerts[0] : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(alert).toMatchObject({ name: 'ServiceErrorRateHigh', source: 'amc', sources: ['amc', 'solo'], receivers: ['blackhole'] });

    const incident = await waitFor('the incident', async () => (await call<IncidentsSnapshot>('listIncidents', {})).incidents.find((i) => i.status === 'open'), { timeoutMs: 10_000, intervalMs: 100 });
    const escalated = await call<ActionResult>('escalateIncident', { incidentId: incident.id, level: 'b', author: 'ana', idempotencyKey: 'escalate-0001' });
    expect(escalated.status).toBe('succeeded');
    expect(await alertNames(m1)).toEqual(['LockstepEscalation', 'ServiceErrorRateHigh']);
    expect(await alertNames(m2)).toEqual(['LockstepEscalation', 'ServiceErrorRateHigh']);
    expect(await alertNames(solo.url)).toEqual(['ServiceErrorRateHigh']);
  });

  it('member 1 down: the cluster is degraded, not blind; an acknowledgement sent twice with one key makes one silence, on member 2, which member 1 gets back by gossip', async () => {
    await cluster.stopMember(0);
    const host1 = m1.slice('http://'.length);
    const degraded = await waitFor('the cluster to read as degraded', async () => (statusOf('amc')?.state === 'degraded' ? statusOf('amc') : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    expect(degraded!.message.startsWith(`${host1} does not answer (1 of 2 members): `)).toBe(true);
    expect(degraded!.detail).toMatch(new RegExp(`answered by ${m2.slice(7)} \\(1 of 2 members\\)$`));
    expect(lastHealth()).toMatchObject({ blind: false, reasons: [] });

    const { incidents } = await call<IncidentsSnapshot>('listIncidents', {});
    const id = incidents.find((i) => i.status === 'open')!.id;
    const ack = () => call<ActionResult>('acknowledgeIncident', { incidentId: id, author: 'ana', comment: 'rolling back', idempotencyKey: 'ack-cluster-0001' });
    const first = await ack();
    const again = await ack();
    expect(first.status).toBe('succeeded');
    expect(again).toMatchObject({ actionId: first.actionId, status: 'succeeded', replayed: true });
    const onMember2 = await activeAcks(m2);
    expect(onMember2).toHaveLength(1);
    expect(await activeAcks(solo.url)).toEqual([]);

    await cluster.startMember(0);
    const onMember1 = await waitFor('member 1 to have the acknowledgement by gossip', async () => {
      const ids = await activeAcks(m1).catch(() => []);
      return ids.length > 0 ? ids : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(onMember1).toEqual(onMember2);
    // The restarted member settles for a second (--cluster.settle-timeout=1s) before its cluster reads ready.
    const back = await waitFor('the cluster to read ok and ready again', async () => {
      const status = statusOf('amc');
      return status?.state === 'ok' && status.detail?.includes('ready') ? status : undefined;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(back).toMatchObject({ state: 'ok', message: '', detail: 'Alertmanager 0.25.0, cluster ready, 2 peers; all 2 members answer' });
  });

  it('both members down: alerting is blind, by the rules a lone Alertmanager down follows', async () => {
    await cluster.stopMember(0);
    await cluster.stopMember(1);
    const health = await waitFor('blindness', async () => (lastHealth()?.blind ? lastHealth() : undefined), { timeoutMs: 10_000, intervalMs: 100 });
    expect(health!.alertSourceDown).toBe(true);
    expect(health!.reasons).toHaveLength(1);
    expect(health!.reasons[0]!.startsWith('Alertmanager cluster does not answer: none of the 2 members of Alertmanager cluster answers (')).toBe(true);
    const { alerts } = await call<{ alerts: Alert[] }>('listAlerts', {});
    // Unknown is never shown as resolved: the cluster's last known alerts stay.
    expect(alerts.map((a) => [a.name, a.state, a.source, a.sources]).sort()).toEqual([
      ['LockstepEscalation', 'firing', 'amc', undefined],
      ['ServiceErrorRateHigh', 'firing', 'amc', ['amc', 'solo']],
    ]);
  });
});
