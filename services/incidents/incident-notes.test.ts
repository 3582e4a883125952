import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Alert, type EventEnvelope, type MethodName, otherColor, type RpcReply, type Silence, type TimelineEvent } from '../../shared';
import { bundleOfExport } from '../../testing/incident-file';
import { createDemoSource } from '../../demo';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import type { ClientSession } from '../core/client';
import { servicesFrom } from '../core/create-services';
import type { LockstepServices } from '../core/lockstep-services';
import { NOTE_RENEW_EVERY_MS, NOTE_TTL_MS, noteAlert, noteId } from '../../shared/incident/notes';
import { ActionJournal } from '../actions/action-journal';
import { ActionPipeline } from '../actions/action-pipeline';
import type { AlertPoller } from '../alerts/alert-poller';
import { SourceSet } from '../datasources/source-set';
import { type AlertsCapability, type DataSource, type PostableAlert, SourceError } from '../datasources/types';
import { quietWindowMs } from '../../shared/incident/derive';
import { addNoteAction, NoteRenewer } from './incident-notes';
import { DEFAULT_CORRELATION, IncidentTracker } from './incident-tracker';

function alert(fingerprint: string, labels: Record<string, string>, startsAt: number): Alert {
  return { fingerprint, name: labels.alertname ?? 'X', severity: 'critical', state: 'firing', startsAt, labels, annotations: {}, silencedBy: [], source: 'am' };
}

/** A note alert as Alertmanager lists it. */
function listed(posted: PostableAlert, fingerprint = `fp-${posted.labels.lockstep_note}`): Alert {
  return { fingerprint, name: posted.labels.alertname!, severity: 'warning', state: 'firing', startsAt: posted.startsAt, labels: posted.labels, annotations: posted.annotations, silencedBy: [], source: 'am' };
}

const poll = (alerts: Alert[], notes: Alert[] = [], silences: Silence[] = []) => ({ alerts, notes, silences, blind: false });
const lockErrors = (startsAt: number) => alert('lock', { alertname: 'ServiceErrorRateHigh', service: 'lock-service', severity: 'critical' }, startsAt);
const lockLatency = (startsAt: number) => alert('lock-latency', { alertname: 'ServiceLatencyHigh', service: 'lock-service', severity: 'warning' }, startsAt);
/** Past the quiet window after the last alert ended: the incident resolves. */
const QUIET = quietWindowMs(DEFAULT_CORRELATION) + 1_000;
const note = (incidentId: string, text: string, at: number, author = 'ana') => noteAlert({ incidentId, author, text, idempotencyKey: `key-${text.length}-${author}-0001` }, at);

describe('notes on the incident tracker', () => {
  it('are never incident alerts: a note in the poll makes no incident, no member and no new alert', () => {
    const tracker = new IncidentTracker(undefined, () => 10_000);
    const stray = listed(note('inc-unknown', 'hello', 5_000));
    const first = tracker.observe(poll([stray]));
    expect(first).toEqual({ opened: [], newAlerts: [] });
    expect(tracker.list()).toEqual([]);

    const withIncident = tracker.observe(poll([lockErrors(1_000), stray]));
    expect(withIncident.newAlerts.map((a) => a.fingerprint)).toEqual(['lock']);
    const [incident] = tracker.list();
    expect(incident!.alerts).toEqual(['lock']);
    expect(incident!.members!.map((m) => m.name)).toEqual(['ServiceErrorRateHigh']);
    expect(tracker.snapshot().timeline.some((e) => e.kind === 'note')).toBe(false);
  });

  it('show on the incident’s timeline with author and text, once however often they are listed, and are kept alive while it is open', () => {
    let now = 10_000;
    const tracker = new IncidentTracker(undefined, () => now);
    tracker.observe(poll([lockErrors(1_000)]));
    const id = tracker.list()[0]!.id;
    const posted = note(id, 'rolled back <b>lock-service</b> \u202Eevil', 9_000);
    let changes = 0;
    tracker.onChange(() => changes++);
    tracker.observe(poll([lockErrors(1_000)], [listed(posted)]));
    tracker.observe(poll([lockErrors(1_000)], [listed(posted)]));
    expect(changes).toBe(1);
    const notes = tracker.timelineOf(id).filter((e) => e.kind === 'note');
    expect(notes).toEqual([
      { id: `note:${posted.labels.lockstep_note}`, incidentId: id, at: 9_000, kind: 'note', actor: 'ana', text: 'rolled back <b>lock-service</b> \u202Eevil', data: { noteId: posted.labels.lockstep_note } },
    ]);
    expect(tracker.snapshot().timeline.filter((e) => e.kind === 'note')).toEqual(notes);
    expect(tracker.notesToRenew().map((a) => a.labels.lockstep_note)).toEqual([posted.labels.lockstep_note]);

    // The note lapses from Alertmanager and the incident resolves: the frozen timeline keeps it, nothing is renewed.
    now = 20_000;
    tracker.observe(poll([]));
    // Quiet (its alerts ended, waiting before it resolves) is still open: its notes are kept alive meanwhile.
    tracker.observe(poll([], [listed(posted)]));
    expect(tracker.list()[0]).toMatchObject({ id, status: 'open' });
    expect(tracker.notesToRenew()).toHaveLength(1);
    now += QUIET;
    tracker.observe(poll([]));
    expect(tracker.list()[0]).toMatchObject({ id, status: 'resolved' });
    expect(tracker.timelineOf(id).filter((e) => e.kind === 'note')).toEqual(notes);
    expect(tracker.notesToRenew()).toEqual([]);
    // Listed again while the incident is resolved: shown, still not renewed.
    tracker.observe(poll([], [listed(posted)]));
    expect(tracker.notesToRenew()).toEqual([]);
  });

  it('follow an incident whose id changes when an earlier alert joins — on the console that saw it, and on one started after', () => {
    const now = 10_000;
    const desk = new IncidentTracker(undefined, () => now);
    desk.observe(poll([lockErrors(5_000)]));
    const before = desk.list()[0]!.id;
    const posted = listed(note(before, 'gateway looks fine', 6_000));
    desk.observe(poll([lockErrors(5_000)], [posted]));
    // An alert of the same group that started earlier arrives late: the incident's id is now its.
    desk.observe(poll([lockErrors(5_000), lockLatency(1_000)], [posted]));
    const after = desk.list()[0]!.id;
    expect(after).not.toBe(before);
    expect(desk.list()).toHaveLength(1);
    expect(desk.timelineOf(after).filter((e) => e.kind === 'note').map((e) => [e.incidentId, e.text])).toEqual([[after, 'gateway looks fine']]);
    expect(desk.get(before).id).toBe(after);
    expect(desk.notesToRenew()).toHaveLength(1);

    // A console started now never saw the old id: it finds the incident by the alert that gave it.
    const wall = new IncidentTracker(undefined, () => now);
    wall.observe(poll([lockErrors(5_000), lockLatency(1_000)], [posted]));
    expect(wall.list()[0]!.id).toBe(after);
    expect(wall.snapshot().timeline.filter((e) => e.kind === 'note')).toEqual(desk.snapshot().timeline.filter((e) => e.kind === 'note'));
    expect(wall.notesToRenew()).toHaveLength(1);
  });

  it('are kept in the console’s incident cache: a restarted console still shows a note that lapsed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lockstep-notes-')), 'incidents.json');
    let now = 10_000;
    const tracker = new IncidentTracker(file, () => now);
    tracker.observe(poll([lockErrors(1_000)]));
    const id = tracker.list()[0]!.id;
    const posted = listed(note(id, 'paged the vendor', 9_000));
    tracker.observe(poll([lockErrors(1_000)], [posted]));
    now = 20_000;
    tracker.observe(poll([]));
    now += QUIET;
    tracker.observe(poll([]));
    expect(tracker.list()[0]!.status).toBe('resolved');

    const again = new IncidentTracker(file, () => now);
    expect(again.timelineOf(id).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['paged the vendor']);
    expect(again.snapshot().timeline.filter((e) => e.kind === 'note')).toHaveLength(1);
    // Seen again in Alertmanager after the restart: still one.
    again.observe(poll([], [posted]));
    expect(again.snapshot().timeline.filter((e) => e.kind === 'note')).toHaveLength(1);
  });
});

describe('NoteRenewer', () => {
  it('re-posts the notes it is given, same labels and start, a new lease, at most every 10 minutes each', async () => {
    let now = 1_000_000;
    const posts: PostableAlert[][] = [];
    const capability = { postAlerts: async (alerts: readonly PostableAlert[]) => void posts.push([...alerts]) } as unknown as AlertsCapability;
    const renewer = new NoteRenewer(capability, () => now);
    const a = listed(note('inc-1', 'one', 900_000));
    expect(await renewer.renew([a])).toBe(1);
    expect(posts[0]).toEqual([{ labels: a.labels, annotations: a.annotations, startsAt: 900_000, endsAt: now + NOTE_TTL_MS }]);
    now += 60_000;
    expect(await renewer.renew([a])).toBe(0);
    now += NOTE_RENEW_EVERY_MS;
    expect(await renewer.renew([a])).toBe(1);
    expect(await renewer.renew([])).toBe(0);
  });

  it('tries again on the next poll after a failed post', async () => {
    let down = true;
    const capability = {
      postAlerts: async () => {
        if (down) throw new SourceError('am', 'cannot reach 127.0.0.1:9: connection refused', 'unreachable');
      },
    } as unknown as AlertsCapability;
    const renewer = new NoteRenewer(capability, () => 5_000);
    const a = listed(note('inc-1', 'one', 1_000));
    await expect(renewer.renew([a])).rejects.toThrow(/connection refused/);
    down = false;
    expect(await renewer.renew([a])).toBe(1);
  });
});

/** An Alertmanager that can be down: notes posted to it are listed back as alerts (equal labels are one). */
class FakeAlertmanager implements AlertsCapability {
  down = false;
  posts = 0;
  private readonly alerts = new Map<string, PostableAlert>();
  private check(): void {
    if (this.down) throw new SourceError('am', 'cannot reach 127.0.0.1:9: connection refused', 'unreachable');
  }
  async listAlerts(): Promise<Alert[]> {
    this.check();
    return [...this.alerts.values()].map((a) => listed(a));
  }
  async listSilences(): Promise<Silence[]> {
    return [];
  }
  async createSilence(): Promise<{ silenceId: string }> {
    return { silenceId: 's' };
  }
  async postAlerts(alerts: readonly PostableAlert[]): Promise<void> {
    this.check();
    this.posts++;
    for (const a of alerts) this.alerts.set(JSON.stringify(a.labels), a);
  }
}

describe('"Add note" as an action', () => {
  function setup() {
    const am = new FakeAlertmanager();
    const source: DataSource = { id: 'am', kind: 'alertmanager', name: 'Alertmanager', endpoint: 'http://127.0.0.1:9', alerts: am };
    let now = 10_000;
    const tracker = new IncidentTracker(undefined, () => now);
    tracker.observe(poll([lockErrors(1_000)]));
    const deps = {
      sources: new SourceSet([source]),
      alerts: { current: () => ({ alerts: [lockErrors(1_000)] }) } as unknown as AlertPoller,
      incidents: tracker,
      now: () => now,
    };
    const pipeline = new ActionPipeline(new ActionJournal(join(mkdtempSync(join(tmpdir(), 'lockstep-note-actions-')), 'actions.jsonl')), () => now, {
      firstDelayMs: 10,
      maxDelayMs: 20,
      giveUpAfterMs: 60_000,
    });
    return { am, tracker, deps, pipeline, id: tracker.list()[0]!.id, tick: (ms: number) => (now += ms) };
  }

  it('posts the note once per key, shows it at once, and the same request again is the same alert', async () => {
    const { am, tracker, deps, pipeline, id } = setup();
    try {
      const request = { incidentId: id, author: 'ana', text: 'rolling back', idempotencyKey: 'key-0001-abcd' };
      const spec = addNoteAction(request, deps);
      expect(spec).toMatchObject({ kind: 'note', key: 'key-0001-abcd', summary: `ana adds a note to incident ${id} (lock-service: ServiceErrorRateHigh)` });
      const first = await pipeline.execute(spec);
      expect(first).toMatchObject({ status: 'succeeded', replayed: false });
      expect(first.message).toMatch(/^Note added to lock-service: ServiceErrorRateHigh; every console that polls Alertmanager shows it\.$/);
      expect(await pipeline.execute(addNoteAction(request, deps))).toMatchObject({ status: 'succeeded', replayed: true });
      expect(am.posts).toBe(1);
      // Another console given the same request (its own journal) posts the same labels: one alert.
      await addNoteAction(request, deps).run();
      expect((await am.listAlerts()).map((a) => a.labels.lockstep_note)).toEqual([noteId(request)]);
      expect(tracker.timelineOf(id).filter((e) => e.kind === 'note').map((e) => [e.actor, e.text])).toEqual([['ana', 'rolling back']]);
      expect(await addNoteAction(request, deps).reconcile!()).toMatchObject({ done: true });
    } finally {
      pipeline.close();
    }
  });

  it('is queued while Alertmanager is down, shown pending, and sent once when it answers again', async () => {
    const { am, tracker, deps, pipeline, id, tick } = setup();
    try {
      am.down = true;
      const request = { incidentId: id, author: 'ana', text: 'vendor paged', idempotencyKey: 'key-0002-abcd' };
      const result = await pipeline.execute(addNoteAction(request, deps));
      expect(result.status).toBe('pending');
      expect(result.message).toMatch(/connection refused\. Queued/);
      expect(pipeline.list()).toMatchObject([{ kind: 'note', state: 'pending', summary: expect.stringContaining('ana adds a note') }]);
      expect(tracker.timelineOf(id).some((e) => e.kind === 'note')).toBe(false);
      tick(5_000);
      am.down = false;
      const deadline = Date.now() + 2_000;
      while (pipeline.list()[0]?.state !== 'succeeded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(pipeline.list()[0]).toMatchObject({ kind: 'note', state: 'succeeded' });
      expect(am.posts).toBe(1);
      const [posted] = await am.listAlerts();
      // Written when asked, not when Alertmanager came back.
      expect(posted!.annotations.written_at).toBe(new Date(10_000).toISOString());
      expect(tracker.timelineOf(id).filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['vendor paged']);
    } finally {
      pipeline.close();
    }
  });

  it('is refused for an incident nobody knows', () => {
    const { deps } = setup();
    expect(() => addNoteAction({ incidentId: 'inc-nope', author: 'ana', text: 'x', idempotencyKey: 'key-0003-abcd' }, deps)).toThrow(/There is no incident "inc-nope"/);
  });
});

describe('notes on the embedded demo fleet, through the services', () => {
  let services: LockstepServices | undefined;
  afterEach(async () => {
    await services?.close();
  });

  it('the demo takes the note like Alertmanager: one alert however often posted, on the timeline, never an alert or a notification; it stays after the incident resolves and in the export', async () => {
    let clock = Date.UTC(2026, 10, 24, 2, 0, 0);
    const now = () => clock;
    const config = SourceConfigSchema.parse({ kind: 'demo', id: 'demo', name: 'Demo', locks: 5000, scheduledIncidents: false }) as SourceConfigOf<'demo'>;
    const demo = createDemoSource(config, { now, autoStart: false });
    services = servicesFrom([demo], { mode: 'demo', alertPollSeconds: 0.2 }, { dataDir: mkdtempSync(join(tmpdir(), 'lockstep-demo-notes-')), version: 't', defaultActor: 'tester', now });
    const events: EventEnvelope[] = [];
    const client: ClientSession = { id: 'c1', send: (e) => events.push(e) };
    services.attach(client);
    const call = async <T,>(method: MethodName, request: unknown): Promise<T> => {
      const reply: RpcReply = await services!.handle(method, request, client);
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
      return reply.value as T;
    };
    type Snapshot = { incidents: Array<{ id: string; service?: string; status: string; alerts: string[] }>; timeline: TimelineEvent[] };
    const until = async <T,>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    demo.fleet.triggerIncident('bad-release');
    clock += 3 * 60_000;
    const incident = await until('the bad release', async () => (await call<Snapshot>('listIncidents', {})).incidents.find((i) => i.service === 'lock-service' && i.status === 'open'));
    const request = { incidentId: incident.id, author: 'ana', text: 'rolling back <i>lock-service</i>', idempotencyKey: 'note-demo-0001' };
    expect(await call('addIncidentNote', request)).toMatchObject({ status: 'succeeded' });
    // Posted again by another console (straight to the source): the same alert.
    await demo.alerts!.postAlerts!([noteAlert(request, clock + 1_000)]);
    const notes = (await demo.alerts!.listAlerts()).filter((a) => a.name === 'LockstepNote');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.labels).toMatchObject({ lockstep_incident: incident.id, lockstep_note: noteId(request) });

    const noteEvents = async () => (await call<Snapshot>('listIncidents', {})).timeline.filter((e) => e.kind === 'note');
    await until('the note read back', async () => ((await noteEvents())[0]?.at === clock + 1_000 ? true : undefined));
    expect((await noteEvents()).map((e) => [e.incidentId, e.actor, e.text])).toEqual([[incident.id, 'ana', 'rolling back <i>lock-service</i>']]);
    const { alerts } = await call<{ alerts: Alert[] }>('listAlerts', {});
    expect(alerts.some((a) => a.name === 'LockstepNote')).toBe(false);
    const pushed = events.filter((e) => e.event === 'alerts').flatMap((e) => (e.payload as { alerts?: Alert[] }).alerts ?? []);
    expect(pushed.some((a) => a.name === 'LockstepNote')).toBe(false);
    const notified = events.filter((e) => e.event === 'notification').map((e) => JSON.stringify(e.payload));
    expect(notified.some((n) => n.includes('LockstepNote') || n.includes('rolling back'))).toBe(false);
    const open = await bundleOfExport(await call<{ fileName: string; file: string }>('exportIncident', { incidentId: incident.id, exportedBy: 'ana' }));
    expect(open.timeline.filter((e) => e.kind === 'note').map((e) => e.text)).toEqual(['rolling back <i>lock-service</i>']);

    // Rolled back: the incident resolves, the note's lease runs out unrenewed — the timeline and the export keep it.
    const { deployments } = await call<{ deployments: Array<{ service: string; active: 'blue' | 'green' }> }>('listDeployments', {});
    const active = deployments.find((d) => d.service === 'lock-service')!.active;
    expect(await call('rollback', { incidentId: incident.id, service: 'lock-service', targetColor: otherColor(active), author: 'ana', confirmed: true, idempotencyKey: 'rollback-demo-0001' })).toMatchObject({ status: 'succeeded' });
    clock += 4 * 60_000;
    await until('the incident to resolve', async () => {
      clock += 5_000;
      return (await call<Snapshot>('listIncidents', {})).incidents.find((i) => i.id === incident.id)?.status === 'resolved' ? true : undefined;
    });
    clock += NOTE_TTL_MS + 60_000;
    await until('the note to lapse from the demo', async () => ((await demo.alerts!.listAlerts()).some((a) => a.name === 'LockstepNote' && a.state === 'firing') ? undefined : true));
    await new Promise((r) => setTimeout(r, 500));
    expect((await noteEvents()).map((e) => [e.incidentId, e.text])).toEqual([[incident.id, 'rolling back <i>lock-service</i>']]);
    const resolved = await bundleOfExport(await call<{ fileName: string; file: string }>('exportIncident', { incidentId: incident.id, exportedBy: 'ana' }));
    expect(resolved.timeline.filter((e) => e.kind === 'note').map((e) => e.actor)).toEqual(['ana']);
  }, 60_000);
});
