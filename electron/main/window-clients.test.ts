import { describe, expect, it } from 'vitest';
import { ipcChannel } from '../../shared';
import { FakeWindow, fakeServices } from './testdata/ipc-fakes';
import { WindowClients } from './window-clients';

describe('WindowClients', () => {
  it('attaches one session per window and delivers events on the event channel', () => {
    const services = fakeServices();
    const clients = new WindowClients<FakeWindow>(services);
    const a = new FakeWindow(1);
    const b = new FakeWindow(2);
    const sa = clients.add(a);
    const sb = clients.add(b);
    expect(sa.id).not.toBe(sb.id);
    expect(sa.host).toBe('electron');
    expect(services.attached).toEqual([sa.id, sb.id]);

    const payload = { source: 'demo', state: 'ok' as const, message: 'fine', at: 1 };
    sa.send({ event: 'sourceStatus', payload });
    expect(a.sent).toEqual([{ channel: ipcChannel.event('sourceStatus'), payload }]);
    expect(b.sent).toEqual([]);
  });

  it('detaches on close and does not send to a destroyed window', () => {
    const services = fakeServices();
    const clients = new WindowClients<FakeWindow>(services);
    const window = new FakeWindow(5);
    const session = clients.add(window);
    window.close();
    expect(services.detached).toEqual([session.id]);
    expect(clients.clientFor(5)).toBeUndefined();
    expect(() => session.send({ event: 'deployments', payload: { deployments: [] } })).not.toThrow();
    expect(window.sent).toEqual([]);
  });
});
