import { describe, expect, it } from 'vitest';
import { type MethodName, methodNames, type RpcReply } from '../../shared';
import type { ClientSession } from '../core/client';
import { handleAs, mayCall, osUserName, READ_ONLY_METHODS, VIEWER_REFUSAL } from './acting-identity';

const client: ClientSession = { id: 'c1', host: 'web', send: () => {} };

function fakeServices(value: unknown = { ok: true }) {
  const seen: { method: MethodName; request: unknown }[] = [];
  return {
    seen,
    handle: async (method: MethodName, request: unknown): Promise<RpcReply> => {
      seen.push({ method, request });
      return { ok: true, value };
    },
  };
}

describe('acting identity', () => {
  it('lets a viewer call only the read-only methods, and refuses a method nobody has classified yet', () => {
    for (const method of methodNames) {
      expect(mayCall(method, 'operator')).toBe(true);
      expect(mayCall(method, 'viewer')).toBe(READ_ONLY_METHODS.has(method));
    }
    expect(mayCall('shiftTrafficToMars', 'viewer')).toBe(false);
    // Every read-only name is a method of the contract (a typo here would deny nothing).
    for (const method of READ_ONLY_METHODS) expect(methodNames).toContain(method);
  });

  it('refuses a viewer with forbidden before the services see the request', async () => {
    const services = fakeServices();
    const acting = methodNames.filter((m) => !READ_ONLY_METHODS.has(m));
    expect(acting).toContain('acknowledgeAlert');
    for (const method of acting) {
      const reply = await handleAs(services, { name: 'wall', role: 'viewer' }, method, {}, client);
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: VIEWER_REFUSAL } });
    }
    expect(services.seen).toEqual([]);
  });

  it('records an operator’s actions under the credential’s name, whatever the page typed', async () => {
    const services = fakeServices();
    await handleAs(services, { name: 'alice', role: 'operator' }, 'acknowledgeAlert', { fingerprint: 'f', author: 'on-call', comment: 'mine' }, client);
    await handleAs(services, { name: 'alice', role: 'operator' }, 'exportIncident', { incidentId: 'i1' }, client);
    expect(services.seen[0]!.request).toMatchObject({ author: 'alice', comment: 'mine' });
    expect(services.seen[1]!.request).toMatchObject({ exportedBy: 'alice' });
  });

  it('tells the console who it acts as and what it may do', async () => {
    const services = fakeServices({ product: 'Lockstep', defaultActor: 'host-user' });
    expect(await handleAs(services, { name: 'wall', role: 'viewer' }, 'getSession', {}, client)).toEqual({
      ok: true,
      value: { product: 'Lockstep', defaultActor: 'wall', actingAs: 'wall', role: 'viewer' },
    });
  });

  it('names the OS user, never a generic on-call', () => {
    expect(osUserName()).not.toBe('on-call');
    expect(osUserName().length).toBeGreaterThan(0);
  });
});
