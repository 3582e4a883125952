import type { EventEnvelope } from '../../shared';
import type { ClientSession } from './client';

/** The attached consoles and host-level listeners, and the one way to tell them all something. */
export class ClientHub {
  private readonly clients = new Map<string, ClientSession>();
  private readonly listeners = new Set<(event: EventEnvelope) => void>();

  attach(client: ClientSession): void {
    this.clients.set(client.id, client);
  }

  detach(clientId: string): void {
    this.clients.delete(clientId);
  }

  onEvent(listener: (event: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  broadcast(event: EventEnvelope): void {
    for (const client of this.clients.values()) client.send(event);
    for (const listener of this.listeners) listener(event);
  }
}
