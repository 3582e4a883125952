import { type MethodName, type RpcReply, ipcChannel, methodNames } from '../../shared';
import { type ActingIdentity, handleAs } from '../../services/actions/acting-identity';
import type { LockstepServices } from '../../services/core/lockstep-services';
import { plainReply } from '../../services/traces/trace-columns-reply';
import { isAppUrl } from './app-url';
import { type DialogLike, openTextWithDialog, saveTextWithDialog } from './file-dialogs';
import type { ClientWindow, WindowClients } from './window-clients';

/**
 * The only module that touches `ipcMain` (lint enforces it). Every handler first checks
 * who is calling: a top-level frame showing our own origin, inside one of our windows.
 * Payloads are validated by the services against the contract, not here.
 */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps<W extends ClientWindow = ClientWindow> {
  ipcMain: IpcMainLike;
  services: Pick<LockstepServices, 'handle'>;
  clients: Pick<WindowClients<W>, 'clientFor' | 'windowFor'>;
  /** Binds Electron's `dialog` to the window that asked, so dialogs are modal to it. */
  dialogFor(window: W): DialogLike;
  /** Who this desktop acts as (the OS user, or the name set in the app's settings): actions are recorded under it. */
  identity?: ActingIdentity;
  log?: (message: string) => void;
}

const FORBIDDEN_MESSAGE = 'This request did not come from a Lockstep window and was refused.';
const FORBIDDEN: RpcReply = { ok: false, error: { code: 'forbidden', message: FORBIDDEN_MESSAGE } };

/** Returns the window of a trusted sender, or null with the reason. */
export function trustedSender<W extends ClientWindow>(
  event: InvokeEventLike,
  clients: IpcDeps<W>['clients'],
): { window: W } | { refused: string } {
  const frame = event.senderFrame;
  if (frame === null) return { refused: 'the sending frame is gone' };
  if (frame.parent !== null) return { refused: `a sub-frame (${frame.url}) is not allowed to call Lockstep` };
  if (!isAppUrl(frame.url)) return { refused: `${frame.url || 'an empty page'} is not Lockstep's own origin` };
  const window = clients.windowFor(event.sender.id);
  if (!window) return { refused: `webContents ${event.sender.id} is not a Lockstep window` };
  return { window };
}

export function registerIpc<W extends ClientWindow>(deps: IpcDeps<W>): () => void {
  const { ipcMain, services, clients } = deps;
  const log = deps.log ?? ((message: string) => console.warn(`[lockstep] ${message}`));
  const channels: string[] = [];

  const callHandler = (method: MethodName) => async (event: InvokeEventLike, request: unknown): Promise<RpcReply> => {
    const trust = trustedSender(event, clients);
    const client = clients.clientFor(event.sender.id);
    if ('refused' in trust || !client) {
      log(`Refused ${method}: ${'refused' in trust ? trust.refused : 'no client session for this window'}.`);
      return FORBIDDEN;
    }
    try {
      // IPC copies the reply as a structured clone: a trace's columns go as their wire form.
      return plainReply(await (deps.identity ? handleAs(services, deps.identity, method, request, client) : services.handle(method, request, client)));
    } catch (error) {
      // The services promise never to throw; if they do, the renderer still gets data, not a stack.
      return { ok: false, error: { code: 'internal', message: `Lockstep failed while handling ${method}: ${String(error)}` } };
    }
  };

  for (const method of methodNames) {
    const channel = ipcChannel.call(method);
    ipcMain.handle(channel, (event, request) => callHandler(method)(event, request));
    channels.push(channel);
  }

  const fileHandler =
    <T>(run: (dialog: DialogLike, args: unknown[]) => Promise<T>) =>
    async (event: InvokeEventLike, ...args: unknown[]): Promise<T> => {
      const trust = trustedSender(event, clients);
      if ('refused' in trust) {
        log(`Refused a file dialog: ${trust.refused}.`);
        throw new Error(FORBIDDEN_MESSAGE);
      }
      return run(deps.dialogFor(trust.window), args);
    };

  ipcMain.handle(
    ipcChannel.saveText,
    fileHandler((dialog, [fileName, text]) => saveTextWithDialog(dialog, { fileName, text })),
  );
  ipcMain.handle(
    ipcChannel.openText,
    fileHandler((dialog) => openTextWithDialog(dialog)),
  );
  channels.push(ipcChannel.saveText, ipcChannel.openText);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
