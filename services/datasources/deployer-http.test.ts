import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeploymentSchema, otherColor, type Deployment } from '../../shared';
import { startDemoFleet, type DemoFleet } from '../../stack/demo-process';
import { createDeployerHttpSource } from './deployer-http';
import { SourceError, type DataSource } from './types';

/** A deployer speaking the demo fleet's API, with a switch that can be made to lie. */
function deployerServer(): { server: Server; state: Map<string, Deployment>; lie: { on: boolean } } {
  const state = new Map<string, Deployment>([
    ['lock-service', { service: 'lock-service', active: 'green', colors: { blue: { version: '1.4.0' }, green: { version: '1.5.0' } } }],
    ['ride-service', { service: 'ride-service', active: 'blue', colors: { blue: { version: '2.0.1' } } }],
  ]);
  const lie = { on: false };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.method === 'GET' && req.url === '/api/deployments') return json(200, { deployments: [...state.values()] });
      const match = /^\/api\/deployments\/([^/]+)\/switch$/.exec(req.url ?? '');
      if (req.method === 'POST' && match) {
        const service = decodeURIComponent(match[1]!);
        const current = state.get(service);
        if (!current) return json(404, { error: `no service named ${service}` });
        const { color } = JSON.parse(body) as { color: 'blue' | 'green' };
        const next = { ...current, active: lie.on ? current.active : color, switchedAt: Date.now() };
        state.set(service, next);
        return json(200, next);
      }
      json(404, { error: 'not found' });
    });
  });
  return { server, state, lie };
}

describe('deployer-http connector', () => {
  let fake: ReturnType<typeof deployerServer>;
  let ds: DataSource;
  let url: string;
  beforeAll(async () => {
    fake = deployerServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/`;
    ds = createDeployerHttpSource({ id: 'deployer', name: 'Deployer', kind: 'deployer-http', url, timeoutMs: 5_000 });
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('lists deployments', async () => {
    const list = await ds.deploys!.listDeployments();
    expect(list.map((d) => `${d.service}:${d.active}`)).toEqual(['lock-service:green', 'ride-service:blue']);
    expect(list[0]?.colors.blue?.version).toBe('1.4.0');
  });

  it('switches traffic and returns the new state', async () => {
    const before = Date.now();
    const deployment = await ds.deploys!.switchTraffic('lock-service', 'blue');
    expect(deployment.active).toBe('blue');
    expect(deployment.switchedAt).toBeGreaterThanOrEqual(before);
    expect(fake.state.get('lock-service')?.active).toBe('blue');
  });

  it('passes on the reason for an unknown service', async () => {
    const error = await ds.deploys!.switchTraffic('nope', 'blue').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).kind).toBe('not_found');
    expect((error as SourceError).message).toBe(`Deployer (${new URL(url).host}) refused the change: no service named nope`);
  });

  it('refuses to report success when the deployer did not move traffic', async () => {
    fake.lie.on = true;
    try {
      const error = await ds.deploys!.switchTraffic('ride-service', 'green').then(() => undefined, (e: unknown) => e);
      expect((error as SourceError).message).toMatch(/traffic may not have moved/);
    } finally {
      fake.lie.on = false;
    }
  });
});

describe('deployer-http payloads recorded from the demo fleet', () => {
  const recorded = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, 'testdata', 'deployer', file), 'utf8'));
  it('parses the deployment list and a switch answer', () => {
    const list = (recorded('deployments.json') as { deployments: unknown[] }).deployments.map((d) => DeploymentSchema.parse(d));
    expect(list.map((d) => d.service)).toContain('lock-service');
    const switched = DeploymentSchema.parse(recorded('switch.json'));
    expect(switched).toMatchObject({ service: 'lock-service', active: 'blue', weights: { blue: 100, green: 0 } });
    expect(switched.switchedAt).toBeTypeOf('number');
    // The deployer's own record: which colour was live when, who switched, and the versions either side.
    expect(switched.history?.map((h) => `${h.from}→${h.to} ${h.fromVersion}→${h.version} by ${h.by}`)).toEqual([
      'blue→green 1.18.4→1.19.0 by release pipeline',
      'green→blue 1.19.0→1.18.4 by ana',
    ]);
    const already = recorded('switch-already-live.json') as { outcome: string; deployment: unknown };
    expect(already.outcome).toBe('already_live');
    expect(DeploymentSchema.parse(already.deployment).active).toBe('blue');
    expect(DeploymentSchema.parse(recorded('weights.json')).weights).toEqual({ blue: 40, green: 60 });
  });
});

const root = join(__dirname, '..', '..');

describe('deployer-http connector against the real demo fleet', () => {
  it('finds the demo fleet it starts', () => expect(existsSync(join(root, 'demo', 'cli.ts'))).toBe(true));

  let demo: DemoFleet;
  let ds: DataSource;
  beforeAll(async () => {
    demo = await startDemoFleet({ root, locks: 500, schedule: false });
    ds = createDeployerHttpSource({ id: 'deployer', name: 'Demo deployer', kind: 'deployer-http', url: demo.url, timeoutMs: 5_000 });
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it('switches lock-service to the other colour and back', async () => {
    const before = (await ds.deploys!.listDeployments()).find((d) => d.service === 'lock-service')!;
    const switched = await ds.deploys!.switchTraffic('lock-service', otherColor(before.active));
    expect(switched.active).toBe(otherColor(before.active));
    const after = (await ds.deploys!.listDeployments()).find((d) => d.service === 'lock-service')!;
    expect(after.active).toBe(switched.active);
    await ds.deploys!.switchTraffic('lock-service', before.active);
  });

  it("passes on the fleet's reason for an unknown service", async () => {
    const error = await ds.deploys!.switchTraffic('nope', 'blue').then(() => undefined, (e: unknown) => e);
    expect((error as SourceError).kind).toBe('not_found');
    expect((error as SourceError).message).toMatch(/refused the change: no deployment named "nope"/);
  });
});
