import { describe, expect, it } from 'vitest';
import { type EventName, eventNames, type MethodName, methodNames } from '../../../shared/api/contract';
import type { LockstepBridge, RpcReply } from '../../../shared/api/wire';
import { createElectronClient } from './electron-client';

function fakeBridge(reply: (method: MethodName, request: unknown) => RpcReply) {
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const bridge: LockstepBridge = {
    host: 'electron',
    call: Object.fromEntries(methodNames.map((m) => [m, async (request: unknown) => reply(m, request)])) as unknown as LockstepBridge['call'],
    on: Object.fromEntries(
      eventNames.map((e) => [
        e,
        (listener: (payload: unknown) => void) => {
          listeners.set(e, listener);
          return () => listeners.delete(e);
        },
      ]),
    ) as unknown as LockstepBridge['on'],
    files: { saveText: async () => null, openText: async () => null },
  };
  return { bridge, emit: (e: EventName, payload: unknown) => listeners.get(e)?.(payload), listeners };
}

describe('createElectronClient', () => {
  it('unwraps bridge replies and parses them against the contract', async () => {
    const { bridge } = fakeBridge((m) =>
      m === 'listDeployments' ? { ok: true, value: { deployments: [] } } : { ok: false, error: { code: 'read_only', message: 'no' } },
    );
    const client = createElectronClient(bridge);
    await expect(client.call('listDeployments', {})).resolves.toEqual({ deployments: [] });
    await expect(client.call('listAlerts', {})).rejects.toMatchObject({ code: 'read_only' });
  });

  it('passes parsed events on and reports malformed ones; close unsubscribes', () => {
    const { bridge, emit, listeners } = fakeBridge(() => ({ ok: true, value: {} }));
    const client = createElectronClient(bridge);
    const problems: string[] = [];
    const seen: string[] = [];
    client.onProtocolError((m) => problems.push(m));
    client.on('notification', (n) => seen.push(n.title));
    emit('notification', { id: '1', title: 'Unlocks failing', body: 'b', severity: 'critical' });
    emit('notification', { id: '2', title: 7 });
    expect(seen).toEqual(['Unlocks failing']);
    expect(problems).toHaveLength(1);
    client.close();
    expect(listeners.size).toBe(0);
  });
});
