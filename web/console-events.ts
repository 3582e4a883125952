import type { EventEnvelope } from '../shared';
import { isConsoleId } from '../shared/api/wire';
import type { ClientSession } from '../services/core/client';
import type { AccessCredential } from './access';

interface Attached {
  credential: AccessCredential;
  client: ClientSession;
}

/**
 * Each web console's event stream (its WebSocket session) by the id the console gave itself,
 * so a call it made over HTTP — a trace's columns travel that way — can tell it how far the
 * call is. Only a session holding the caller's own credential is found: an id is no key to
 * another person's console.
 */
export class ConsoleEvents {
  private readonly byId = new Map<string, Attached>();

  /** Returns how to forget this session again (only if the id still names it: a console that reconnected has a newer one). */
  attach(consoleId: string | null | undefined, credential: AccessCredential, client: ClientSession): () => void {
    if (!isConsoleId(consoleId)) return () => undefined;
    const attached = { credential, client };
    this.byId.set(consoleId, attached);
    return () => {
      if (this.byId.get(consoleId) === attached) this.byId.delete(consoleId);
    };
  }

  /** Where an HTTP call's events go: the named console's session, when the same credential holds it; else nowhere. */
  senderFor(consoleId: string | string[] | undefined, credential: AccessCredential): (event: EventEnvelope) => void {
    return (event) => {
      if (!isConsoleId(consoleId)) return;
      const attached = this.byId.get(consoleId);
      if (attached && attached.credential.token === credential.token) attached.client.send(event);
    };
  }
}
