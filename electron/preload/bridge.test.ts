import { describe, expect, it } from 'vitest';
import { eventNames, ipcChannel, methodNames } from '../../shared';
import { type IpcRendererLike, buildBridge, exposeBridge } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer(reply: (channel: string, args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 1 })) {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      invoked.push({ channel, args });
      return reply(channel, args);
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'SECRET-IPC-EVENT' }, payload);
  };
  return { ipc, invoked, listeners, emit };
}

describe('the preload bridge', () => {
  it('exposes exactly one call per contract method, each on its own channel', async () => {
    const fake = fakeIpcRenderer();
    const bridge = buildBridge(fake.ipc);
    expect(bridge.host).toBe('electron');
    expect(Object.keys(bridge.call).sort()).toEqual([...methodNames].sort());
    for (const method of methodNames) {
      expect(typeof bridge.call[method]).toBe('function');
      await bridge.call[method]({ probe: method });
    }
    expect(fake.invoked).toEqual(methodNames.map((m) => ({ channel: ipcChannel.call(m), args: [{ probe: m }] })));
  });

  it('turns a failed invoke into an unavailable reply', async () => {
    const fake = fakeIpcRenderer(() => Promise.reject(new Error('no handler')));
    const reply = await buildBridge(fake.ipc).call.listAlerts({});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('listAlerts') } });
  });

  it('subscribes per event, hands over only the payload, and unsubscribes', () => {
    const fake = fakeIpcRenderer();
    const bridge = buildBridge(fake.ipc);
    expect(Object.keys(bridge.on).sort()).toEqual([...eventNames].sort());
    const received: unknown[][] = [];
    const off = bridge.on.alerts((...args) => received.push(args));
    fake.emit(ipcChannel.event('alerts'), { alerts: [] });
    fake.emit(ipcChannel.event('incidents'), { incidents: [] });
    off();
    fake.emit(ipcChannel.event('alerts'), { alerts: ['late'] });
    expect(received).toEqual([[{ alerts: [] }]]);
    expect(fake.listeners.get(ipcChannel.event('alerts'))?.size).toBe(0);
  });

  it('routes file dialogs to their channels', async () => {
    const fake = fakeIpcRenderer(async () => null);
    const bridge = buildBridge(fake.ipc);
    await bridge.files.saveText('a.lockstep.json', '{}');
    await bridge.files.openText();
    expect(fake.invoked).toEqual([
      { channel: ipcChannel.saveText, args: ['a.lockstep.json', '{}'] },
      { channel: ipcChannel.openText, args: [] },
    ]);
  });

  it('exposes a frozen bridge as window.lockstep and nothing from ipcRenderer', () => {
    const fake = fakeIpcRenderer();
    const exposed = new Map<string, unknown>();
    exposeBridge({ exposeInMainWorld: (key, api) => exposed.set(key, api) }, fake.ipc);
    expect([...exposed.keys()]).toEqual(['lockstep']);
    const api = exposed.get('lockstep') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'files', 'host', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(JSON.stringify(Object.keys(api.call as object))).not.toMatch(/invoke|send|ipc/);
  });
});
