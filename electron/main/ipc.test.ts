import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipcChannel, methodNames, methods } from '../../shared';
import { decodeTraceColumns, encodeTraceColumns } from '../../shared/trace/columns-codec';
import { generateTrace } from '../../shared/trace/generate';
import { normalizeZipkin } from '../../shared/trace/zipkin';
import { traceColumnsReply } from '../../services/traces/trace-columns-reply';
import type { DialogLike } from './file-dialogs';
import { registerIpc } from './ipc';
import { FakeIpcMain, FakeWindow, appFrameEvent, fakeServices } from './testdata/ipc-fakes';
import { WindowClients } from './window-clients';

describe('registerIpc', () => {
  let fakeIpc: FakeIpcMain;
  let services: ReturnType<typeof fakeServices>;
  let window: FakeWindow;
  let dialog: DialogLike;
  let refusals: string[];
  let dir: string;
  let unregister: () => void;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-ipc-'));
    fakeIpc = new FakeIpcMain();
    services = fakeServices();
    refusals = [];
    const clients = new WindowClients<FakeWindow>(services);
    window = new FakeWindow(7);
    clients.add(window);
    dialog = {
      showSaveDialog: async () => ({ canceled: false, filePath: join(dir, 'out.lockstep.json') }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    };
    unregister = registerIpc({ ipcMain: fakeIpc, services, clients, dialogFor: () => dialog, log: (m) => refusals.push(m) });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('registers exactly one handler per contract method plus the two file dialogs', () => {
    const expected = [...methodNames.map((m) => ipcChannel.call(m)), ipcChannel.saveText, ipcChannel.openText];
    expect([...fakeIpc.handlers.keys()].sort()).toEqual(expected.sort());
    unregister();
    expect(fakeIpc.handlers.size).toBe(0);
  });

  it('passes a call from our own window to the services with that window as client', async () => {
    const reply = await fakeIpc.invoke(ipcChannel.call('listAlerts'), appFrameEvent(7), {});
    expect(reply).toEqual({ ok: true, value: { method: 'listAlerts', client: 'electron-window-1' } });
    expect(services.calls).toEqual([{ method: 'listAlerts', request: {}, clientId: 'electron-window-1' }]);
  });

  it('sends a trace’s columns as their wire form (base64 text), which a structured clone copies whole', async () => {
    const columns = encodeTraceColumns(normalizeZipkin(generateTrace({ spans: 20, seed: 4 })));
    services.handle = async () => ({ ok: true, value: traceColumnsReply(columns) });
    const reply = await fakeIpc.invoke(ipcChannel.call('getTraceColumns'), appFrameEvent(7), { traceId: 'ab' });
    const copied = structuredClone(reply) as { ok: true; value: { start: unknown } };
    expect(typeof copied.value.start).toBe('string');
    expect(decodeTraceColumns(methods.getTraceColumns.response.parse(copied.value))).toEqual(decodeTraceColumns(columns));
  });

  it('records actions under the desktop’s identity (the OS user), not a name the page typed', async () => {
    unregister();
    const clients = new WindowClients<FakeWindow>(services);
    clients.add(new FakeWindow(8));
    registerIpc({ ipcMain: fakeIpc, services, clients, dialogFor: () => dialog, identity: { name: 'dana', role: 'operator' } });
    await fakeIpc.invoke(ipcChannel.call('acknowledgeAlert'), appFrameEvent(8), { fingerprint: 'f', author: 'on-call' });
    expect(services.calls.at(-1)?.request).toMatchObject({ author: 'dana' });
  });

  it.each([
    ['a web page', 'https://evil.example/index.html'],
    ['a file URL', 'file:///tmp/index.html'],
    ['a look-alike host', 'lockstep://app.evil/index.html'],
    ['another host on our scheme', 'lockstep://other/index.html'],
    ['credentials smuggled into the URL', 'lockstep://x@app/index.html'],
  ])('refuses %s with forbidden and never reaches the services', async (_label, url) => {
    const reply = await fakeIpc.invoke(ipcChannel.call('listAlerts'), appFrameEvent(7, url), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(services.calls).toHaveLength(0);
    expect(refusals[0]).toContain('listAlerts');
  });

  it('refuses an unknown webContents, a sub-frame and a vanished frame', async () => {
    const channel = ipcChannel.call('getSession');
    expect(await fakeIpc.invoke(channel, appFrameEvent(99), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await fakeIpc.invoke(channel, appFrameEvent(7, undefined, { url: 'lockstep://app/' }), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await fakeIpc.invoke(channel, { sender: { id: 7 }, senderFrame: null }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(services.calls).toHaveLength(0);
  });

  it('refuses a window after it closed', async () => {
    window.close();
    const reply = await fakeIpc.invoke(ipcChannel.call('listAlerts'), appFrameEvent(7), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('relays the services\u2019 bad_request for a malformed payload unchanged', async () => {
    const reply = await fakeIpc.invoke(ipcChannel.call('queryRange'), appFrameEvent(7), { nonsense: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(services.calls[0]?.request).toEqual({ nonsense: true });
  });

  it('turns a throwing service into an internal error reply instead of a rejected invoke', async () => {
    const ipc = new FakeIpcMain();
    const clients = new WindowClients<FakeWindow>(services);
    clients.add(new FakeWindow(3));
    const throwing = { handle: async () => Promise.reject(new Error('boom')) };
    registerIpc({ ipcMain: ipc, services: throwing, clients, dialogFor: () => dialog, log: () => undefined });
    const reply = await ipc.invoke(ipcChannel.call('listAlerts'), appFrameEvent(3), {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
  });

  it('saves text through the dialog for our window and refuses foreign senders', async () => {
    const saved = await fakeIpc.invoke(ipcChannel.saveText, appFrameEvent(7), 'incident-1.lockstep.json', '{"a":1}');
    expect(saved).toEqual({ path: join(dir, 'out.lockstep.json') });
    expect(await readFile(join(dir, 'out.lockstep.json'), 'utf8')).toBe('{"a":1}');
    await expect(fakeIpc.invoke(ipcChannel.saveText, appFrameEvent(7, 'https://evil.example/'), 'x', 'y')).rejects.toThrow(/refused/);
    await expect(fakeIpc.invoke(ipcChannel.openText, appFrameEvent(42))).rejects.toThrow(/refused/);
  });

  it('rejects a save whose arguments are not strings', async () => {
    await expect(fakeIpc.invoke(ipcChannel.saveText, appFrameEvent(7), { path: '/etc/passwd' }, 5)).rejects.toThrow(/not understood/);
  });

  it('returns null when the open dialog is cancelled', async () => {
    expect(await fakeIpc.invoke(ipcChannel.openText, appFrameEvent(7))).toBeNull();
  });
});
