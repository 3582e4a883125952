import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { type MethodName, type RpcReply, methods } from '../../../shared';
import type { ClientSession } from '../../../services/core/client';
import type { InvokeEventLike, IpcMainLike } from '../ipc';
import type { ClientWindow } from '../window-clients';

/**
 * Test doubles for the few Electron objects the host uses, typed against Electron's own
 * declarations (node_modules/electron/electron.d.ts): each fake member is a `Pick` of
 * the real type, so an Electron upgrade that renames or retypes one breaks the type
 * check instead of leaving the tests passing against an API that no longer exists.
 */

/** Compile-time only: `Actual` must be assignable to `Expected`. */
type Fits<Actual extends Expected, Expected> = Actual;

/**
 * The real objects fit the narrow interfaces the host is written against; with the fakes
 * below implementing those interfaces and Picks of the real types, the fakes and the
 * real API cannot drift apart unnoticed.
 */
export type ElectronFitsHost = [
  Fits<IpcMain, IpcMainLike>,
  Fits<IpcMainInvokeEvent, InvokeEventLike>,
  Fits<BrowserWindow, ClientWindow>,
  Fits<FakeInvokeEvent, InvokeEventLike>,
];

type InvokeListener = Parameters<IpcMain['handle']>[1];

/**
 * An invoke event carrying what the host reads — who sent it and from which frame —
 * with Electron's types for those members.
 */
export interface FakeInvokeEvent {
  readonly sender: Pick<WebContents, 'id'>;
  readonly senderFrame: (Pick<WebFrameMain, 'url'> & { readonly parent: Pick<WebFrameMain, 'url'> | null }) | null;
}

export class FakeIpcMain implements IpcMainLike, Pick<IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, InvokeListener>();

  handle(...[channel, listener]: Parameters<IpcMain['handle']>): ReturnType<IpcMain['handle']> {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(...[channel]: Parameters<IpcMain['removeHandler']>): ReturnType<IpcMain['removeHandler']> {
    this.handlers.delete(channel);
  }

  /** What Electron does when a renderer calls `ipcRenderer.invoke(channel, ...args)`. */
  async invoke(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // The cast is the fake's one liberty: the event carries only the members the host
    // reads (InvokeEventLike, which IpcMainInvokeEvent is checked above to fit).
    return handler(event as IpcMainInvokeEvent, ...args);
  }
}

type WindowContents = Pick<WebContents, 'id' | 'isDestroyed' | 'send'>;

export class FakeWindow implements ClientWindow, Pick<BrowserWindow, 'close'> {
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  private destroyed = false;
  private readonly closedListeners: Array<() => void> = [];
  readonly webContents: WindowContents;

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

  /** BrowserWindow's `once('closed', listener)` overload. */
  once(_event: 'closed', listener: () => void): this {
    this.closedListeners.push(listener);
    return this;
  }

  close(): ReturnType<BrowserWindow['close']> {
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

export const appFrameEvent = (senderId: number, url = 'lockstep://app/index.html', parent: Pick<WebFrameMain, 'url'> | null = null): FakeInvokeEvent => ({
  sender: { id: senderId },
  senderFrame: { url, parent },
});
