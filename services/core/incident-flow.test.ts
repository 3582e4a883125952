import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EventEnvelope,
  type MethodName,
  otherColor,
  type RpcReply,
  panelDataKey,
} from '../../shared';
import { bundleOfExport } from '../../testing/incident-file';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import { createDemoSource } from '../../demo';
import type { ClientSession } from './client';
import { servicesFrom } from './create-services';
import type { LockstepServices } from './lockstep-services';

const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

let services: LockstepServices | undefined;
afterEach(async () => {
  await services?.close();
});

describe('an incident on the embedded fleet, through the services', () => {
  it('fires, notifies, is acknowledged, rolled back, resolves, and exports to a valid bundle', async () => {
    let clock = Date.UTC(2026, 10, 24, 2, 0, 0); // 10:00 in the fleet's cities
    const now = () => clock;
    const config = SourceConfigSchema.parse({ kind: 'demo', id: 'demo', name: 'Demo', locks: 5000, scheduledIncidents: false }) as SourceConfigOf<'demo'>;
    const demo = createDemoSource(config, { now, autoStart: false });
    services = servicesFrom([demo], { mode: 'demo', alertPollSeconds: 1 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-flow-')), version: 't', defaultActor: 'tester', now });
    const events: EventEnvelope[] = [];
    const client: ClientSession = { id: 'c1', send: (e) => events.push(e) };
    services.attach(client);
    const call = async (method: MethodName, request: unknown) => {
      const reply: RpcReply = await services!.handle(method, request, client);
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
      return reply.value as never;
    };
    const latest = <T>(event: EventEnvelope['event']) => events.filter((e) => e.event === event).at(-1)?.payload as T | undefined;

    await until('a first alert poll', () => latest('alerts') !== undefined);
    const firingAtStart = latest<{ alerts: { name: string; state: string }[] }>('alerts')!.alerts.filter((a) => a.state === 'firing');
    expect(firingAtStart.map((a) => a.name)).not.toContain('ServiceErrorRateHigh');

    demo.fleet.triggerIncident('bad-release');
    clock += 3 * 60_000;
    type AlertsEvent = { alerts: { fingerprint: string; name: string; state: string; labels: Record<string, string>; acknowledgement?: { by: string } }[] };
    const firing = () =>
      latest<AlertsEvent>('alerts')?.alerts.find((a) => a.name === 'ServiceErrorRateHigh' && a.labels.service === 'lock-service' && a.state === 'firing');
    await until('ServiceErrorRateHigh for lock-service', () => firing() !== undefined);

    // One notification for the incident, after the notifier's one-second burst window.
    const notified = () => events.filter((e) => e.event === 'notification').map((e) => e.payload as { severity: string; alertFingerprint?: string });
    await until('the incident notification', () => notified().some((n) => n.severity === 'critical' && n.alertFingerprint === firing()!.fingerprint));
    type Snapshot = { incidents: { id: string; service?: string; status: string; alerts: string[]; state?: string; groups?: unknown[] }[] };
    // Let every symptom of the release (callers, unlocks per city) fire: it stays ONE incident.
    clock += 2 * 60_000;
    await until('the symptoms to join', async () => {
      const { incidents } = await call('listIncidents', {}) as Snapshot;
      return (incidents.find((i) => i.service === 'lock-service' && i.status === 'open')?.alerts.length ?? 0) > 1;
    });
    const { incidents } = await call('listIncidents', {}) as Snapshot;
    const incident = incidents.find((i) => i.service === 'lock-service' && i.status === 'open');
    expect(incident).toBeDefined();
    // Every alert of the release (the failing services on the unlock path, unlocks per city) is in that one incident.
    const releaseAlerts = latest<AlertsEvent>('alerts')!.alerts.filter(
      (a) => a.state === 'firing' && (a.name === 'UnlockSuccessLow' || (a.name === 'ServiceErrorRateHigh' && ['app-gateway', 'ride-service', 'lock-service'].includes(a.labels.service ?? ''))),
    );
    expect(releaseAlerts.length).toBeGreaterThan(1);
    expect(incident!.alerts).toEqual(expect.arrayContaining(releaseAlerts.map((a) => a.fingerprint)));

    const acknowledge = {
      incidentId: incident!.id,
      author: 'ana',
      comment: 'looking at the green release',
      idempotencyKey: 'ack-key-0001',
    };
    const ack = await call('acknowledgeIncident', acknowledge) as { status: string; message: string };
    expect(ack.message).toContain('ana');
    expect(ack.status).toBe('succeeded');
    await until('the acknowledgement to show on the alert', () => firing()?.acknowledgement?.by === 'ana');
    // The same request again (a retry after a lost reply) is done once.
    const again = await call('acknowledgeIncident', acknowledge) as { replayed: boolean };
    expect(again.replayed).toBe(true);
    const ackSilences = (await demo.alerts!.listSilences()).filter((s) => s.state === 'active' && s.comment.startsWith('ACK!'));
    expect(ackSilences.length).toBe(incident!.groups?.length);
    // Someone else acknowledging is told who has it; no second silence.
    const second = await call('acknowledgeIncident', { ...acknowledge, author: 'bo', idempotencyKey: 'ack-key-0002' }) as { status: string; message: string };
    expect(second.status).not.toBe('succeeded');
    expect(second.message).toContain('ana already has this incident');
    expect((await demo.alerts!.listSilences()).filter((s) => s.state === 'active' && s.comment.startsWith('ACK!'))).toHaveLength(ackSilences.length);

    const { deployments } = await call('listDeployments', {}) as { deployments: { service: string; active: 'blue' | 'green' }[] };
    const before = deployments.find((d) => d.service === 'lock-service')!;
    const target = otherColor(before.active);
    const rollback = await call('rollback', {
      incidentId: incident!.id,
      service: 'lock-service',
      targetColor: target,
      author: 'ana',
      confirmed: true,
      idempotencyKey: 'rollback-key-1',
    }) as { status: string };
    expect(rollback.status).toBe('succeeded');
    const after = (await call('listDeployments', {}) as { deployments: { service: string; active: string }[] }).deployments;
    expect(after.find((d) => d.service === 'lock-service')?.active).toBe(target);

    clock += 4 * 60_000;
    await until('the incident to resolve (when its alerts end)', async () => {
      clock += 5_000;
      const snapshot = await call('listIncidents', {}) as { incidents: { id: string; status: string }[] };
      return snapshot.incidents.find((i) => i.id === incident!.id)?.status === 'resolved';
    });
    const { timeline } = await call('listIncidents', {}) as { timeline: { incidentId: string; kind: string; actor?: string }[] };
    const kinds = timeline.filter((e) => e.incidentId === incident!.id).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['incident_opened', 'alert_firing', 'notified', 'acknowledged', 'rollback_requested', 'rollback_succeeded', 'incident_resolved']));
    // Its acknowledgement ended with it, so the next failure pages.
    await until('the ACK! silences to be expired', async () => (await demo.alerts!.listSilences()).every((s) => s.state !== 'active'));
    expect(kinds.indexOf('rollback_requested')).toBeLessThan(kinds.indexOf('rollback_succeeded'));

    const exported = await call('exportIncident', { incidentId: incident!.id, exportedBy: 'ana' }) as { fileName: string; file: string };
    expect(exported.fileName).toMatch(/\.lockstep$/);
    const bundle = await bundleOfExport(exported);
    expect(bundle.timeline.length).toBe(kinds.length);
    const errors = bundle.panelData[panelDataKey('service-errors', 'A')];
    expect(errors?.series.some((s) => s.labels.service === 'lock-service' && s.values.some((v) => v !== null && v > 0.05))).toBe(true);
  }, 90_000);
});
