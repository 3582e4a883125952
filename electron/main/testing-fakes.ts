import { type MethodName, type RpcReply, methods } from '../../shared';
import type { ClientSession } from '../../services/core/client';
import type { InvokeEventLike, IpcMainLike } from './ipc';
import type { ClientWindow } from './window-clients';

/** Test doubles for the few Electron objects the host uses; built to the shapes in electron.d.ts. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();

  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
}

export class FakeWindow implements ClientWindow {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  private destroyed = false;
  private readonly closedListeners: Array<() => void> = [];
  readonly webContents;

  constructor(id: number) {
    this.webContents = {
      id,
      isDestroyed: () => this.destroyed,
      send: (channel: string, payload: unknown) => {
        if (this.destroyed) throw new Error('Object has been destroyed');
        this.sent.push({ channel, payload });
      },
    };
  }

  once(_event: 'closed', listener: () => void): this {
    this.closedListeners.push(listener);
    return this;
  }

  close(): void {
    this.destroyed = true;
    for (const listener of this.closedListeners.splice(0)) listener();
  }
}

/** Services that validate like the real ones (with the contract's schemas) and record calls. */
export function fakeServices() {
  const calls: Array<{ method: MethodName; request: unknown; clientId: string }> = [];
  const attached: string[] = [];
  const detached: string[] = [];
  return {
    calls,
    attached,
    detached,
    attach: (client: ClientSession) => void attached.push(client.id),
    detach: (id: string) => void detached.push(id),
    handle: async (method: MethodName, request: unknown, client: ClientSession): Promise<RpcReply> => {
      calls.push({ method, request, clientId: client.id });
      const parsed = methods[method].request.safeParse(request);
      if (!parsed.success) return { ok: false, error: { code: 'bad_request', message: parsed.error.message } };
      return { ok: true, value: { method, client: client.id } };
    },
  };
}

export const appFrameEvent = (senderId: number, url = 'lockstep://app/index.html', parent: unknown = null): InvokeEventLike => ({
  sender: { id: senderId },
  senderFrame: { url, parent },
});
