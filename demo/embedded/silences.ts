import type { Silence, SilenceMatcher } from '../../shared';
import type { NewSilence } from '../../services/datasources/types';

/** Raised when a silence would be refused by Alertmanager too. */
export class SilenceRejected extends Error {}

function matcherMatches(m: SilenceMatcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  const hit = m.isRegex ? new RegExp(`^(?:${m.value})$`).test(v) : v === m.value;
  return m.isEqual === false ? !hit : hit;
}

/** Silences as Alertmanager keeps them: all matchers must match; state follows the clock. */
export class SilenceStore {
  private readonly silences: Array<Omit<Silence, 'state'>> = [];
  private counter = 0;

  constructor(private readonly now: () => number) {}

  create(input: NewSilence): string {
    if (input.matchers.length === 0) throw new SilenceRejected('a silence needs at least one matcher');
    if (!(input.endsAt > input.startsAt)) throw new SilenceRejected('a silence must end after it starts');
    if (input.endsAt <= this.now()) throw new SilenceRejected('that silence would already be over');
    for (const m of input.matchers) {
      if (!m.isRegex) continue;
      try {
        new RegExp(m.value);
      } catch {
        throw new SilenceRejected(`"${m.value}" is not a valid regular expression`);
      }
    }
    // Alertmanager refuses silences that would mute every alert.
    if (input.matchers.every((m) => matcherMatches(m, {}))) throw new SilenceRejected('at least one matcher must not match the empty string, or the silence would mute everything');
    const existing = input.id ? this.silences.find((s) => s.id === input.id) : undefined;
    if (input.id && !existing) throw new SilenceRejected(`silence ${input.id} not found`);
    if (existing && existing.endsAt > this.now()) {
      existing.endsAt = input.endsAt;
      existing.comment = input.comment;
      return existing.id;
    }
    this.counter++;
    const { id: _replaced, ...fields } = input;
    const id = `demo-${this.now().toString(36)}-${this.counter.toString(36)}`;
    this.silences.push({ id, ...fields, matchers: input.matchers.map((m) => ({ ...m, isEqual: m.isEqual ?? true })) });
    return id;
  }

  /** Ends a silence now, as DELETE /api/v2/silence/{id} does. */
  expire(id: string): void {
    const silence = this.silences.find((s) => s.id === id);
    if (!silence) throw new SilenceRejected(`silence ${id} not found`);
    const now = this.now();
    if (silence.endsAt > now) silence.endsAt = Math.max(silence.startsAt, now);
  }

  list(): Silence[] {
    const now = this.now();
    return this.silences.map((s) => ({ ...s, state: now < s.startsAt ? 'pending' : now >= s.endsAt ? 'expired' : 'active' }));
  }

  /** Ids of the active silences that mute an alert with these labels. */
  matching(labels: Record<string, string>): string[] {
    const now = this.now();
    return this.silences
      .filter((s) => s.startsAt <= now && now < s.endsAt && s.matchers.every((m) => matcherMatches(m, labels)))
      .map((s) => s.id);
  }
}
