import {
  type EventName,
  type LockstepBridge,
  type MethodName,
  type RpcReply,
  eventNames,
  ipcChannel,
  methodNames,
} from '../../shared';

/** The parts of `ipcRenderer` the bridge uses; the renderer never sees this object. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

const unavailable = (method: string, error: unknown): RpcReply => ({
  ok: false,
  error: { code: 'unavailable', message: `Lockstep's main process did not answer ${method}: ${String(error)}` },
});

/**
 * Builds `window.lockstep`: one plain function per contract message, so the renderer can
 * do exactly what the contract allows and nothing else. Listeners receive the payload
 * only; the IPC event (which carries `sender`) never crosses into the page.
 */
export function buildBridge(ipc: IpcRendererLike): LockstepBridge {
  const call = Object.fromEntries(
    methodNames.map((method: MethodName) => [
      method,
      (request: unknown) => ipc.invoke(ipcChannel.call(method), request).then((reply) => reply as RpcReply, (error: unknown) => unavailable(method, error)),
    ]),
  ) as LockstepBridge['call'];

  const on = Object.fromEntries(
    eventNames.map((name: EventName) => [
      name,
      (listener: (payload: unknown) => void) => {
        if (typeof listener !== 'function') throw new TypeError(`lockstep.on.${name} needs a function`);
        const wrapped = (_event: unknown, payload: unknown) => listener(payload);
        ipc.on(ipcChannel.event(name), wrapped);
        return () => {
          ipc.removeListener(ipcChannel.event(name), wrapped);
        };
      },
    ]),
  ) as LockstepBridge['on'];

  const files: LockstepBridge['files'] = {
    saveText: (fileName, text) => ipc.invoke(ipcChannel.saveText, fileName, text) as Promise<{ path: string } | null>,
    openText: () => ipc.invoke(ipcChannel.openText) as Promise<{ name: string; text: string } | null>,
    onIncidentFile: (listener) => {
      if (typeof listener !== 'function') throw new TypeError('lockstep.files.onIncidentFile needs a function');
      const wrapped = (_event: unknown, file: unknown) => listener(file);
      ipc.on(ipcChannel.incidentFile, wrapped);
      return () => {
        ipc.removeListener(ipcChannel.incidentFile, wrapped);
      };
    },
  };

  return Object.freeze({ host: 'electron', call: Object.freeze(call), on: Object.freeze(on), files: Object.freeze(files) });
}

export const BRIDGE_KEY = 'lockstep';

export function exposeBridge(contextBridge: ContextBridgeLike, ipc: IpcRendererLike): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, buildBridge(ipc));
}
