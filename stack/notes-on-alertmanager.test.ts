import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, Alert, Incident, IncidentsSnapshot, MethodName, RpcReply, TimelineEvent } from '../shared';
import { TEST_POLICY } from '../shared/escalation';
import { noteId } from '../shared/incident/notes';
import type { ClientSession } from '../services/core/client';
import { servicesFrom } from '../services/core/create-services';
import type { LockstepServices } from '../services/core/lockstep-services';
import { createAlertmanagerSource } from '../services/datasources/alertmanager';
import { skipUnlessInstalled, startAlertmanager, waitFor, type RealServer } from '../testing';
import { alertmanagerConfigYaml } from './alertmanager-config';
import { startWebhookSink, type WebhookSink } from './webhook-sink';

/**
 * Notes on a REAL Alertmanager running the routes Lockstep generates (stack/alertmanager-config.ts),
 * every receiver a webhook sink that counts deliveries: two consoles (services instances, as
 * the hosts make them) both show a note one of them posted, the same note posted twice — or
 * by both — is one alert, and a note pages nobody.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Labels = Record<string, string>;

const lockErrors: Labels = { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical', domain: 'software' };
/** The same group (service="lock-service"), started earlier but sent late: the incident's id moves to it. */
const lockLatency: Labels = { alertname: 'ServiceLatencyHigh', service: 'lock-service', severity: 'warning', domain: 'software' };
const hostile = 'rolled back <img src=x onerror=alert(1)> to blue — pay\u202Etxt.exe\nvendor paged';

interface Console {
  name: string;
  services: LockstepServices;
  dataDir: string;
  call<T>(method: MethodName, request: unknown): Promise<T>;
  incidents(): Promise<IncidentsSnapshot>;
}

function startConsole(am: RealServer, name: string): Console {
  const source = createAlertmanagerSource({ id: 'am', name: 'Alertmanager', kind: 'alertmanager', url: am.url, timeoutMs: 5_000 });
  const dataDir = mkdtempSync(join(tmpdir(), `lockstep-notes-${name}-`));
  const services = servicesFrom([source], { mode: 'custom', alertPollSeconds: 0.25, watchdogGraceSeconds: 600 }, { dataDir, version: 't', defaultActor: name });
  const client: ClientSession = { id: name, send: () => {} };
  services.attach(client);
  const call = async <T,>(method: MethodName, request: unknown): Promise<T> => {
    const reply: RpcReply = await services.handle(method, request, client);
    if (!reply.ok) throw new Error(`${name} ${method}: ${reply.error.message}`);
    return reply.value as T;
  };
  return { name, services, dataDir, call, incidents: () => call<IncidentsSnapshot>('listIncidents', {}) };
}

const isLock = (i: Incident) => i.status === 'open' && (i.members ?? []).some((m) => m.labels.service === 'lock-service');
const notesOf = (snapshot: IncidentsSnapshot, id: string): TimelineEvent[] => snapshot.timeline.filter((e) => e.incidentId === id && e.kind === 'note');

describe.skipIf(skipUnlessInstalled(['alertmanager'], 'notes on a real Alertmanager'))('notes on incidents, through a real Alertmanager', () => {
  let sink: WebhookSink;
  let am: RealServer;
  let resend: ReturnType<typeof setInterval> | undefined;
  const consoles: Console[] = [];
  const t0 = Date.now() - 60_000;
  const sending: Array<{ labels: Labels; startsAt: number }> = [];

  /** Posts what Prometheus would keep sending: the Watchdog and the firing alerts, same start, an end a little ahead. */
  async function resendAll(): Promise<void> {
    const alerts = [{ labels: { alertname: 'Watchdog', severity: 'none' }, startsAt: t0 - 3_600_000 }, ...sending];
    const response = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alerts.map((a) => ({ labels: a.labels, annotations: {}, startsAt: new Date(a.startsAt).toISOString(), endsAt: new Date(Date.now() + 60_000).toISOString() }))),
    });
    expect(response.status).toBe(200);
  }

  const amAlerts = (): Promise<Alert[]> => createAlertmanagerSource({ id: 'check', name: 'check', kind: 'alertmanager', url: am.url, timeoutMs: 5_000 }).alerts!.listAlerts();
  const noteAlerts = async () => (await amAlerts()).filter((a) => a.name === 'LockstepNote');

  beforeAll(async () => {
    sink = await startWebhookSink(() => {});
    am = await startAlertmanager({ configYaml: alertmanagerConfigYaml({ webhookBase: sink.url, fast: true, policy: TEST_POLICY }) });
    sending.push({ labels: lockErrors, startsAt: t0 });
    await resendAll();
    resend = setInterval(() => void resendAll().catch(() => undefined), 5_000);
    consoles.push(startConsole(am, 'desk'), startConsole(am, 'wall'));
  });

  afterAll(async () => {
    clearInterval(resend);
    await Promise.all(consoles.map((c) => c.services.close().catch(() => undefined)));
    await am?.stop();
    await sink?.close();
    for (const c of consoles) rmSync(c.dataDir, { recursive: true, force: true });
  });

  let incidentId = '';
  const request = () => ({ incidentId, author: 'ana', text: hostile, idempotencyKey: 'note-ana-0001' });

  it('a note posted on one console shows on both; posted again, or by both, it is one alert; it pages nobody', async () => {
    const [desk, wall] = consoles as [Console, Console];
    // The source alert pages level A: the sink counts deliveries (so "no delivery" below means something).
    await waitFor('level A paged for the lock-service errors', async () => (sink.pages({ receiver: 'escalation-a', group: { service: 'lock-service' } }) > 0 ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
    const seen = await Promise.all(consoles.map((c) => waitFor(`the incident on ${c.name}`, async () => (await c.incidents()).incidents.find(isLock), { timeoutMs: 15_000, intervalMs: 200 })));
    expect(seen[1]!.id).toBe(seen[0]!.id);
    incidentId = seen[0]!.id;

    const first = await desk.call<ActionResult>('addIncidentNote', request());
    expect(first).toMatchObject({ status: 'succeeded', replayed: false });
    // The same request again (a retry after a lost reply) and from the other console: one alert.
    expect(await desk.call<ActionResult>('addIncidentNote', request())).toMatchObject({ status: 'succeeded', replayed: true });
    expect(await wall.call<ActionResult>('addIncidentNote', request())).toMatchObject({ status: 'succeeded' });
    const listed = await waitFor('the note in Alertmanager', async () => ((await noteAlerts()).length > 0 ? noteAlerts() : undefined), { timeoutMs: 10_000, intervalMs: 200 });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.labels).toEqual({ alertname: 'LockstepNote', lockstep_incident: incidentId, lockstep_note: noteId(request()), severity: 'none' });
    expect(listed[0]!.annotations).toMatchObject({ author: 'ana', text: hostile });

    // Both consoles show it on the incident's timeline: the same event, the text as written (within a poll of each other:
    // both posted it, and the later post's annotations are what Alertmanager keeps).
    const shown = await waitFor('the same note on both consoles', async () => {
      const notes = await Promise.all(consoles.map(async (c) => notesOf(await c.incidents(), incidentId)));
      return notes[0]!.length > 0 && JSON.stringify(notes[0]) === JSON.stringify(notes[1]) ? notes[0]! : undefined;
    }, { timeoutMs: 10_000, intervalMs: 200 });
    expect(shown).toEqual([{ id: `note:${noteId(request())}`, incidentId, at: Date.parse(listed[0]!.annotations.written_at!), kind: 'note', actor: 'ana', text: hostile, data: { noteId: noteId(request()) } }]);

    // Never an incident's alert, never in the alert list as firing.
    for (const c of consoles) {
      const { alerts } = await c.call<{ alerts: Alert[] }>('listAlerts', {});
      expect(alerts.some((a) => a.name === 'LockstepNote')).toBe(false);
      const incident = (await c.incidents()).incidents.find((i) => i.id === incidentId)!;
      expect(incident.alerts).not.toContain(listed[0]!.fingerprint);
      expect(incident.members!.map((m) => m.name)).toEqual(['ServiceErrorRateHigh']);
    }

    // Long enough for any route to have notified (group_wait 1 s, group_interval 2 s): nothing about a note reached any receiver.
    await sleep(5_000);
    const aboutNotes = sink.notifications.filter((n) => n.payload.alerts.some((a) => a.labels.alertname === 'LockstepNote'));
    expect(aboutNotes).toEqual([]);
    expect(sink.deliveries().filter((d) => d.groupLabels.alertname === 'LockstepNote')).toEqual([]);
    expect(sink.pages({ receiver: 'escalation-a', group: { service: 'lock-service' } })).toBe(1);
    expect(sink.deliveries().map((d) => d.receiver).sort()).toEqual(['escalation-a']);
  }, 60_000);

  it('a note stays on the incident when an earlier alert joins and its id changes — on both consoles and on one started after', async () => {
    expect(incidentId).not.toBe('');
    sending.push({ labels: lockLatency, startsAt: t0 - 30_000 });
    await resendAll();
    const renamed = await Promise.all(consoles.map((c) => waitFor(`the renamed incident on ${c.name}`, async () => {
      const snapshot = await c.incidents();
      const incident = snapshot.incidents.find(isLock);
      return incident && incident.id !== incidentId && incident.alerts.length === 2 ? { incident, snapshot } : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200 })));
    const id = renamed[0]!.incident.id;
    expect(renamed[1]!.incident.id).toBe(id);
    for (const { snapshot } of renamed) {
      expect(notesOf(snapshot, id).map((e) => [e.actor, e.text])).toEqual([['ana', hostile]]);
      expect(notesOf(snapshot, incidentId)).toEqual([]);
    }

    // A console that starts now never knew the old id, yet finds the note's incident.
    const late = startConsole(am, 'late');
    consoles.push(late);
    const lateNotes = await waitFor('the note on the console started after the rename', async () => {
      const snapshot = await late.incidents();
      const notes = snapshot.incidents.find(isLock)?.id === id ? notesOf(snapshot, id) : [];
      return notes.length > 0 ? notes : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200 });
    expect(lateNotes).toEqual(notesOf(renamed[0]!.snapshot, id));
    // And still one alert in Alertmanager.
    expect(await noteAlerts()).toHaveLength(1);
  }, 60_000);
});
