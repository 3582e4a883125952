import type { EventEnvelope } from '../../shared';

/**
 * One connected console (an Electron window or a browser tab). Hosts create one per
 * window or WebSocket and hand it to the services, which push events through `send`.
 */
export interface ClientSession {
  readonly id: string;
  /** Which host it came through; the session reports it to the renderer. */
  readonly host?: 'electron' | 'web';
  send(event: EventEnvelope): void;
}
