import type { LockstepClient } from '../../../shared/api/contract';

/** What the header shows about the link to the services. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Reconnect attempts since the link was last up. */
  attempt: number;
  /** Plain words for the person, e.g. why the last attempt failed. */
  message?: string;
}

/**
 * The Lockstep API plus what a console needs to know about the transport under it:
 * whether it is connected, and messages that arrived but did not match the contract.
 */
export interface RendererClient extends LockstepClient {
  readonly kind: 'electron' | 'web' | 'bundle';
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  onProtocolError(listener: (message: string) => void): () => void;
  close(): void;
}
