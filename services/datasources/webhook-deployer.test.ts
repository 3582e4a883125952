import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otherColor, type Deployment } from '../../shared';
import { startDemoFleet, type DemoFleet } from '../../stack/demo-process';
import { SourceConfigSchema, type SourceConfigOf } from '../config/sources';
import type { CredentialReader } from '../settings/credentials';
import { createWebhookDeployerSource, webhookRequest } from './webhook-deployer';
import { SourceError } from './types';

const credentials = { get: async (name: string) => (name === 'hook-token' ? 'hook-secret' : undefined), howToAdd: (n: string) => `npm run credentials -- set ${n}` } as CredentialReader;
const parse = (c: Record<string, unknown>) => SourceConfigSchema.parse({ kind: 'deploy-webhook', id: 'hook', name: 'Release hook', ...c }) as SourceConfigOf<'deploy-webhook'>;

describe('webhook templates', () => {
  it('fills the path URL-encoded, the body JSON-escaped and the headers without line breaks', () => {
    const config = parse({
      url: 'http://127.0.0.1:1',
      switch: { method: 'PUT', path: '/hooks/{{service}}/to/{{color}}', headers: { 'X-Actor': '{{requestedBy}}' }, body: '{"who":"{{requestedBy}}","key":"{{idempotencyKey}}"}' },
    });
    const r = webhookRequest('http://h', config.switch, { service: 'a b/c', color: 'blue', idempotencyKey: 'k-1', requestedBy: 'Ana "the\nop"' });
    expect(r.method).toBe('PUT');
    expect(r.url).toBe('http://h/hooks/a%20b%2Fc/to/blue');
    expect(r.headers['x-actor']).toBe('Ana "the op"');
    expect(r.headers['idempotency-key']).toBe('k-1');
    expect(JSON.parse(r.body!)).toEqual({ who: 'Ana "the\nop"', key: 'k-1' });
  });

  it('refuses a secret header in the template: that is what auth is for', () => {
    expect(() => parse({ url: 'http://127.0.0.1:1', switch: { path: '/x', headers: { Authorization: 'Bearer x' } } })).toThrow(/carries a secret/);
  });
});

/** A release system's webhook receiver: records what arrives; state in the demo deployer's shape. */
function receiver(status: { value: number }) {
  const state: Deployment[] = [{ service: 'lock-service', active: 'green', colors: { blue: { version: '1.18.4' }, green: { version: '1.19.0' } } }];
  const calls: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/state') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deployments: state }));
      calls.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (status.value === 202) state[0] = { ...state[0]!, active: (JSON.parse(body) as { target: 'blue' | 'green' }).target };
      res.writeHead(status.value, { 'content-type': 'text/plain' }).end(status.value === 202 ? 'queued' : 'pipeline locked by a release in progress');
    });
  });
  return { server, state, calls };
}

describe('deploy-webhook connector against a webhook receiver', () => {
  const status = { value: 202 };
  const hook = receiver(status);
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => hook.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hook.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => hook.server.close(() => resolve())));
  const source = () =>
    createWebhookDeployerSource(
      parse({
        url,
        deploymentsPath: '/state',
        auth: { type: 'bearer', credential: 'hook-token' },
        switch: { method: 'POST', path: '/rollback', body: '{"service":"{{service}}","target":"{{color}}"}', expectStatus: [202] },
      }),
      { credentials },
    );
  const request = { service: 'lock-service', color: 'blue' as const, idempotencyKey: 'lockstep-rollback-abc', requestedBy: 'ana' };

  it('previews the exact request with the credential masked, then sends exactly that', async () => {
    const [preview] = await source().deploys!.previewSwitch!(request);
    expect(preview).toEqual({
      method: 'POST',
      url: `${url}/rollback`,
      headers: {
        'user-agent': 'Lockstep',
        'content-type': 'application/json',
        'idempotency-key': 'lockstep-rollback-abc',
        authorization: 'Bearer ••••• (credential "hook-token")',
      },
      body: '{"service":"lock-service","target":"blue"}',
    });
    const answer = await source().deploys!.requestSwitch!(request);
    expect(answer).toMatchObject({ outcome: 'switched', deployment: { active: 'blue' } });
    expect(hook.calls).toHaveLength(1);
    expect(hook.calls[0]).toMatchObject({ method: 'POST', url: '/rollback', body: preview!.body });
    expect(hook.calls[0]!.headers.authorization).toBe('Bearer hook-secret');
    expect(hook.calls[0]!.headers['idempotency-key']).toBe('lockstep-rollback-abc');
  });

  it('does not call the webhook for the colour already live', async () => {
    const before = hook.calls.length;
    expect((await source().deploys!.requestSwitch!(request)).outcome).toBe('already_live');
    expect(hook.calls).toHaveLength(before);
  });

  it('an unexpected status is a refusal in the receiver’s words', async () => {
    status.value = 409;
    try {
      const error = await source().deploys!.requestSwitch!({ ...request, color: 'green' }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).kind).toBe('rejected');
      expect((error as SourceError).message).toBe('Release hook answered the switch of lock-service to green with 409 (expected 202): pipeline locked by a release in progress');
    } finally {
      status.value = 202;
    }
  });
});

describe('deploy-webhook connector aimed at the demo fleet’s switch endpoint', () => {
  let demo: DemoFleet;
  beforeAll(async () => {
    demo = await startDemoFleet({ root: join(__dirname, '..', '..'), locks: 500, schedule: false });
  }, 60_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it('switches through the template and reads the state back', async () => {
    const source = createWebhookDeployerSource(
      parse({
        url: demo.url,
        switch: { path: '/api/deployments/{{service}}/switch', body: '{"color":"{{color}}","idempotencyKey":"{{idempotencyKey}}","requestedBy":"{{requestedBy}}"}', expectStatus: [200] },
      }),
    );
    const before = (await source.deploys!.listDeployments()).find((d) => d.service === 'iot-gateway')!;
    const target = otherColor(before.active);
    const answer = await source.deploys!.requestSwitch!({ service: 'iot-gateway', color: target, idempotencyKey: 'lockstep-rollback-demo-1', requestedBy: 'ana' });
    expect(answer).toMatchObject({ outcome: 'switched', deployment: { service: 'iot-gateway', active: target } });
    expect(answer.deployment.history?.at(-1)).toMatchObject({ from: before.active, to: target, by: 'ana' });
  });

  it('shifts part of the traffic through the `shift` template and checks the shares read back', async () => {
    const source = createWebhookDeployerSource(
      parse({
        url: demo.url,
        shift: {
          path: '/api/deployments/{{service}}/weights',
          body: '{"blue":{{blueWeight}},"green":{{greenWeight}},"idempotencyKey":"{{idempotencyKey}}","requestedBy":"{{requestedBy}}"}',
          expectStatus: [200],
        },
      }),
    );
    const shift = { service: 'ride-service', color: 'green' as const, idempotencyKey: 'lockstep-shift-demo-1', requestedBy: 'ana', weights: { blue: 40, green: 60 } };
    const [preview] = await source.deploys!.previewSwitch!(shift);
    expect(JSON.parse(preview!.body!)).toEqual({ blue: 40, green: 60, idempotencyKey: 'lockstep-shift-demo-1', requestedBy: 'ana' });
    const answer = await source.deploys!.requestSwitch!(shift);
    expect(answer).toMatchObject({ outcome: 'switched', deployment: { service: 'ride-service', weights: { blue: 40, green: 60 } } });
    // The same shares again: nothing is sent.
    expect((await source.deploys!.requestSwitch!({ ...shift, idempotencyKey: 'lockstep-shift-demo-2' })).outcome).toBe('already_live');
  });

  it('without a `shift` template, a shift is refused in words and nothing is sent', async () => {
    const source = createWebhookDeployerSource(parse({ url: demo.url }));
    const error = await source.deploys!.requestSwitch!({ service: 'ride-service', color: 'green', idempotencyKey: 'k-3', requestedBy: 'ana', weights: { blue: 50, green: 50 } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe('Release hook has no traffic-shift template (`shift` in its config), so it cannot split traffic; switch ride-service whole instead');
  });
});
