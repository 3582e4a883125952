import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Color, type Deployment, DeploymentSchema, otherColor, type RollbackRequest } from '../../shared';
import { startDemoFleet, type DemoFleet } from '../../stack/demo-process';
import { createDeployerHttpSource } from '../datasources/deployer-http';
import { SourceSet } from '../datasources/source-set';
import { ActionJournal } from './action-journal';
import { ActionPipeline } from './action-pipeline';
import { deployerKey, previewRollback, rollback, type RollbackDeps, rollbackReviver } from './rollback';
import { previewShift, shiftTraffic } from './shift-traffic';

const root = join(__dirname, '..', '..');

/** One console's rollback machinery: its own deployer connection, journal and pipeline, as in a separate process. */
function consoleFor(url: string, incident: () => { id: string; openedAt: number; service: string }, timeoutMs = 5_000) {
  const source = createDeployerHttpSource({ id: 'deploy', name: 'Demo deployer', kind: 'deployer-http', url, timeoutMs });
  const timeline: string[] = [];
  const journal = new ActionJournal(join(mkdtempSync(join(tmpdir(), 'lockstep-rollback-')), 'actions.jsonl'), () => undefined);
  const deps: RollbackDeps = {
    sources: new SourceSet([source]),
    incidents: {
      get: () => ({ ...incident(), title: 't', severity: 'critical', status: 'open', alerts: [] }),
      record: (_id: string, kind: string, text: string) => {
        timeline.push(`${kind}: ${text}`);
        return { id: String(timeline.length), incidentId: incident().id, at: Date.now(), kind: 'note', text };
      },
      commit: () => undefined,
    } as unknown as RollbackDeps['incidents'],
    actions: new ActionPipeline(journal, Date.now),
    now: Date.now,
    onDeployments: () => undefined,
    reconcile: { attempts: 30, intervalMs: 100 },
  };
  return { deps, timeline };
}

const ask = (service: string, targetColor: Color, author: string, incidentId = 'inc-1'): RollbackRequest => ({
  incidentId,
  service,
  targetColor,
  author,
  confirmed: true,
  idempotencyKey: `key-${author}-${Math.random().toString(36).slice(2)}`,
});

/** Forwards to the demo fleet; answers a traffic switch only `delayMs` after the fleet did it (a slow deployer). */
function slowProxy(target: string, delayMs: { value: number }): Server {
  const upstream = new URL(target);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            const delay = req.method === 'POST' && /\/switch$/.test(req.url ?? '') ? delayMs.value : 0;
            setTimeout(() => {
              if (res.destroyed) return;
              res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json' });
              res.end(Buffer.concat(body));
            }, delay).unref();
          });
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
}

describe('rollback against the demo deployer (a separate process)', () => {
  let demo: DemoFleet;
  let proxy: Server;
  let proxyUrl: string;
  const delay = { value: 0 };
  let openedAt = 0;
  const incident = () => ({ id: 'inc-1', openedAt, service: 'ride-service' });

  async function deployments(): Promise<Deployment[]> {
    const answer = (await (await fetch(`${demo.url}/api/deployments`)).json()) as { deployments: unknown[] };
    return answer.deployments.map((d) => DeploymentSchema.parse(d));
  }
  const lock = async () => (await deployments()).find((d) => d.service === 'lock-service')!;
  /** Releases a faulty lock-service and opens the incident a moment later; returns the good colour. */
  async function badRelease(): Promise<Color> {
    const response = await fetch(`${demo.url}/api/incidents/bad-release`, { method: 'POST' });
    expect(response.status).toBe(200);
    const after = await lock();
    // The incident opens just after the release; the fleet's clock moves once a second, so a
    // rollback made now is recorded after the incident opened only once it has moved on.
    openedAt = after.history!.at(-1)!.at + 1;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    return otherColor(after.active);
  }
  /** The traffic switches the deployer recorded after the incident opened. */
  const movesSinceOpened = async () => (await lock()).history!.filter((h) => h.at > openedAt);

  beforeAll(async () => {
    demo = await startDemoFleet({ root, locks: 500, schedule: false });
    proxy = slowProxy(demo.url, delay);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    await demo?.stop();
  });

  it('offers lock-service back to the good colour for an alert on ride-service, and previews the exact request', async () => {
    const good = await badRelease();
    const { deps } = consoleFor(demo.url, incident);
    const preview = await previewRollback({ incidentId: 'inc-1', author: 'ana' }, deps);
    expect(preview.offer).toMatchObject({ kind: 'offer', candidate: { service: 'lock-service', target: good, badColor: otherColor(good) } });
    expect(preview.plan).toMatchObject({ service: 'lock-service', from: otherColor(good), to: good, provider: 'Demo deployer' });
    expect(preview.plan?.refusal).toBeUndefined();
    const [sent] = preview.plan!.requests;
    expect(sent).toMatchObject({ method: 'POST', url: `${demo.url}/api/deployments/lock-service/switch` });
    expect(sent!.headers['idempotency-key']).toBe(preview.plan!.idempotencyKey);
    expect(JSON.parse(sent!.body!)).toEqual({ color: good, idempotencyKey: preview.plan!.idempotencyKey, requestedBy: 'ana' });
    // Previewing sent nothing.
    expect((await lock()).active).toBe(otherColor(good));
  });

  it('a rollback double-sent from two consoles reaches the deployer once, and both are told the one outcome', async () => {
    const good = (await lock()).active === 'blue' ? 'green' : 'blue';
    const a = consoleFor(demo.url, incident);
    const b = consoleFor(demo.url, incident);
    const results = await Promise.all([rollback(ask('lock-service', good, 'ana'), a.deps), rollback(ask('lock-service', good, 'bo'), b.deps)]);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(results.every((r) => ['switched', 'replayed', 'already_live'].includes(r.outcome ?? ''))).toBe(true);
    expect(results.filter((r) => r.outcome === 'switched')).toHaveLength(1);
    expect((await movesSinceOpened()).map((m) => m.to)).toEqual([good]);
    expect((await lock()).active).toBe(good);
  });

  it('after the rollback offers nothing, refuses the bad colour, and answers the live colour as already done', async () => {
    const { deps } = consoleFor(demo.url, incident);
    const live = (await lock()).active;
    const preview = await previewRollback({ incidentId: 'inc-1' }, deps);
    expect(preview.offer).toEqual({ kind: 'none', reason: expect.stringMatching(new RegExp(`lock-service is already back on ${live}`)) });
    await expect(rollback(ask('lock-service', otherColor(live), 'ana'), deps)).rejects.toThrow(/is the release this incident .* is tied to on lock-service, so Lockstep will not switch back to it/);
    const before = (await lock()).history!.length;
    const again = await rollback(ask('lock-service', live, 'ana'), deps);
    expect(again).toMatchObject({ status: 'succeeded', outcome: 'already_live' });
    expect(again.message).toMatch(/it is live already, so there is nothing to switch/);
    expect((await lock()).history!.length).toBe(before);
  });

  it('the deployer itself refuses a switch to the colour already live (never "accepted")', async () => {
    const live = (await lock()).active;
    const source = createDeployerHttpSource({ id: 'deploy', name: 'Demo deployer', kind: 'deployer-http', url: demo.url, timeoutMs: 5_000 });
    const answer = await source.deploys!.requestSwitch!({ service: 'lock-service', color: live, idempotencyKey: 'fresh-key-123456', requestedBy: 'ana' });
    expect(answer.outcome).toBe('already_live');
  });

  it('a rollback whose deployer answers after the timeout ends as succeeded after reconciliation', async () => {
    const good = await badRelease();
    delay.value = 1_500;
    try {
      const { deps, timeline } = consoleFor(proxyUrl, incident, 300);
      const result = await rollback(ask('lock-service', good, 'ana'), deps);
      expect(result, result.message).toMatchObject({ status: 'succeeded', outcome: 'switched' });
      expect(result.observed).toMatch(new RegExp(`the deployer lists lock-service serves from ${good}`));
      expect(result.message).toMatch(/did not answer within 0.3 s/);
      expect(timeline.at(-1)).toMatch(/^rollback_succeeded: /);
      expect((await movesSinceOpened()).map((m) => m.to)).toEqual([good]);
    } finally {
      delay.value = 0;
    }
  });

  it('one rollback per service at a time: the same switch joins, another target is refused saying who', async () => {
    const good = await badRelease();
    delay.value = 800;
    try {
      const { deps } = consoleFor(proxyUrl, incident);
      const first = rollback(ask('lock-service', good, 'ana'), deps);
      const joined = rollback(ask('lock-service', good, 'bo'), deps);
      await expect(rollback(ask('lock-service', otherColor(good), 'cy'), deps)).rejects.toThrow(/ana is already switching lock-service to/);
      const [a, b] = await Promise.all([first, joined]);
      expect(a).toMatchObject({ status: 'succeeded', outcome: 'switched' });
      expect(b).toMatchObject({ status: 'succeeded', coalesced: true, actionId: a.actionId });
      expect(b.message).toMatch(/^Joined the rollback ana started/);
    } finally {
      delay.value = 0;
    }
  });

  it('a journalled rollback revived after a crash sends the same deployer key: one switch, and a reconcile sees it done', async () => {
    const good = await badRelease();
    const { deps } = consoleFor(demo.url, incident);
    const request = ask('lock-service', good, 'ana');
    const preview = await previewRollback({ incidentId: 'inc-1', service: 'lock-service', targetColor: good, author: 'ana' }, deps);
    const journalled = { rollback: request, switchRequest: { idempotencyKey: preview.plan!.idempotencyKey } };
    // Lockstep wrote "started" and died before (or after) sending: the restart revives the action.
    const first = await rollbackReviver(deps)(journalled);
    expect(await first.reconcile!()).toMatchObject({ done: false });
    await first.run();
    // It died again right after sending: the next restart reads the deployer first and finds it done.
    const second = await rollbackReviver(deps)(journalled);
    expect(await second.reconcile!()).toMatchObject({ done: true });
    // Even sent once more, the deployer answers from its record of the key.
    expect(await second.run()).toMatch(/done once|already/);
    expect((await movesSinceOpened()).map((m) => m.to)).toEqual([good]);
  });

  it('shifts part of the traffic to the good colour once for two consoles, and never more to the bad release', async () => {
    const good = await badRelease();
    const bad = otherColor(good);
    const weights = { [good]: 60, [bad]: 40 } as { blue: number; green: number };
    const a = consoleFor(demo.url, incident);
    const b = consoleFor(demo.url, incident);
    const preview = await previewShift({ incidentId: 'inc-1', service: 'lock-service', weights, author: 'ana' }, a.deps);
    expect(preview.plan).toMatchObject({ weightsFrom: { [bad]: 100, [good]: 0 }, weightsTo: weights });
    expect(preview.plan?.refusal).toBeUndefined();
    expect(preview.plan!.requests[0]).toMatchObject({ method: 'POST', url: `${demo.url}/api/deployments/lock-service/weights` });
    expect(JSON.parse(preview.plan!.requests[0]!.body!)).toMatchObject({ blue: weights.blue, green: weights.green });

    const revision = (await lock()).revision!;
    const shift = (author: string) => ({ incidentId: 'inc-1', service: 'lock-service', weights, author, confirmed: true as const, idempotencyKey: `shift-${author}-key` });
    const results = await Promise.all([shiftTraffic(shift('ana'), a.deps), shiftTraffic(shift('bo'), b.deps)]);
    expect(results.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    const after = await lock();
    expect(after.weights).toEqual(weights);
    expect(after.active).toBe(good);
    expect(after.revision).toBe(revision + 1);

    const more = { [good]: 30, [bad]: 70 } as { blue: number; green: number };
    await expect(shiftTraffic({ ...shift('cy'), weights: more }, a.deps)).rejects.toThrow(/sends more traffic to .*the release this incident is tied to/);
    expect(await shiftTraffic({ ...shift('cy'), idempotencyKey: 'shift-again-key' }, a.deps)).toMatchObject({ status: 'succeeded', outcome: 'already_live' });
    expect((await lock()).revision).toBe(revision + 1);

    // 40% still goes to the bad release: the whole rollback is still offered, and finishes the job.
    const offer = await previewRollback({ incidentId: 'inc-1' }, a.deps);
    expect(offer.offer).toMatchObject({ kind: 'offer', candidate: { service: 'lock-service', target: good } });
    expect(await rollback(ask('lock-service', good, 'ana'), a.deps)).toMatchObject({ status: 'succeeded', outcome: 'switched' });
    expect((await lock()).weights).toEqual({ [good]: 100, [bad]: 0 });
    expect((await previewRollback({ incidentId: 'inc-1' }, a.deps)).offer.kind).toBe('none');
  });
});

describe('deployerKey', () => {
  const base: Deployment = { service: 'lock-service', active: 'green', colors: { blue: { version: '1' }, green: { version: '2' } }, switchedAt: 1000 };
  it('is the same for the same switch from the same state, whoever asks, and new for a new state', () => {
    expect(deployerKey(base, 'blue')).toBe(deployerKey({ ...base }, 'blue'));
    expect(deployerKey(base, 'blue')).not.toBe(deployerKey({ ...base, switchedAt: 2000 }, 'blue'));
    expect(deployerKey(base, 'blue')).not.toBe(deployerKey({ ...base, service: 'ride-service' }, 'blue'));
    expect(deployerKey(base, 'blue')).toMatch(/^lockstep-rollback-[0-9a-f]{32}$/);
  });
});
