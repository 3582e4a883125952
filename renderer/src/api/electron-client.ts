import type { EventName, MethodName, RequestOf, ResponseOf } from '../../../shared/api/contract';
import { eventNames } from '../../../shared/api/contract';
import type { LockstepBridge } from '../../../shared/api/wire';
import { EventHub } from './event-hub';
import { Listeners } from './listeners';
import { unwrapReply } from './parse';
import type { ConnectionState, RendererClient } from './types';

/**
 * The client inside Electron: the preload's bridge already carries each method over
 * IPC; this side only unwraps replies and parses events, trusting nothing it receives.
 */
export function createElectronClient(bridge: LockstepBridge): RendererClient {
  const hub = new EventHub();
  const connection: ConnectionState = { status: 'open', attempt: 0 };
  const unsubscribers = eventNames.map((name: EventName) => bridge.on[name]((raw) => hub.emitRaw(name, raw)));
  const connectionListeners = new Listeners<ConnectionState>();

  return {
    kind: 'electron',
    async call<M extends MethodName>(name: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
      const raw: unknown = await bridge.call[name](request);
      return unwrapReply(name, raw);
    },
    on: (name, listener) => hub.on(name, listener),
    connection: () => connection,
    onConnection: (listener) => connectionListeners.add(listener),
    onProtocolError: (listener) => hub.protocolErrors.add(listener),
    close: () => unsubscribers.forEach((off) => off()),
  };
}

/** The bridge, when the preload put one there; anything else means a browser. */
export function electronBridge(): LockstepBridge | undefined {
  const candidate = (window as unknown as { lockstep?: Partial<LockstepBridge> }).lockstep;
  if (candidate?.host === 'electron' && candidate.call && candidate.on && candidate.files) {
    return candidate as LockstepBridge;
  }
  return undefined;
}
