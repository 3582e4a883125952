import { type EventEnvelope, ipcChannel } from '../../shared';
import type { ClientSession } from '../../services/core/client';
import type { LockstepServices } from '../../services/core/lockstep-services';

/** The parts of a `BrowserWindow` a client session needs. */
export interface ClientWindow {
  readonly webContents: {
    readonly id: number;
    isDestroyed(): boolean;
    send(channel: string, payload: unknown): void;
  };
  once(event: 'closed', listener: () => void): unknown;
}

/**
 * One ClientSession per window. The set of webContents ids here is also the list of
 * senders IPC trusts: a frame not in one of our windows is refused.
 */
export class WindowClients<W extends ClientWindow = ClientWindow> {
  private readonly byContents = new Map<number, { session: ClientSession; window: W }>();
  private next = 1;

  constructor(private readonly services: Pick<LockstepServices, 'attach' | 'detach'>) {}

  add(window: W): ClientSession {
    const contents = window.webContents;
    const contentsId = contents.id;
    const session: ClientSession = {
      id: `electron-window-${this.next++}`,
      host: 'electron',
      send: (envelope: EventEnvelope) => {
        // Events can race a closing window; a destroyed webContents throws on send.
        if (!contents.isDestroyed()) contents.send(ipcChannel.event(envelope.event), envelope.payload);
      },
    };
    this.byContents.set(contentsId, { session, window });
    this.services.attach(session);
    window.once('closed', () => {
      this.byContents.delete(contentsId);
      this.services.detach(session.id);
    });
    return session;
  }

  clientFor(contentsId: number): ClientSession | undefined {
    return this.byContents.get(contentsId)?.session;
  }

  windowFor(contentsId: number): W | undefined {
    return this.byContents.get(contentsId)?.window;
  }

  windows(): W[] {
    return [...this.byContents.values()].map((entry) => entry.window);
  }
}
