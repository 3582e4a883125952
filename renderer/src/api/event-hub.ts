import type { EventName, EventOf } from '../../../shared/api/contract';
import { Listeners } from './listeners';
import { parseEvent } from './parse';

/**
 * Parses raw events against the contract and fans them out by name. Anything that does
 * not parse is reported to the protocol-error listeners instead of the store.
 */
export class EventHub {
  private readonly byName = new Map<EventName, Listeners<unknown>>();
  readonly protocolErrors = new Listeners<string>();

  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = this.byName.get(name);
    if (!set) {
      set = new Listeners<unknown>();
      this.byName.set(name, set);
    }
    return set.add(listener as (value: unknown) => void);
  }

  emitRaw(name: EventName, raw: unknown): void {
    const set = this.byName.get(name);
    if (!set || set.size === 0) return;
    const parsed = parseEvent(name, raw);
    if (parsed.ok) set.emit(parsed.payload);
    else this.protocolErrors.emit(parsed.message);
  }
}
