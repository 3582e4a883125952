import { compareNanos, type LokiEntry } from '../../shared/logs';

/**
 * Where a tail stands, so a reconnect resumes without duplicates: the newest timestamp
 * delivered (the next connection's `start`, which Loki treats as inclusive) and the keys
 * of recently delivered entries. Loki resends what it holds from `start` on; entries
 * already delivered are recognised by key and left out, new ones pass.
 */
export class TailResume {
  private newest: string | undefined;
  /** Key → ns time, in delivery order; bounded, oldest forgotten first. */
  private readonly recent = new Map<string, string>();

  constructor(
    private readonly startNanos: string,
    private readonly maxKeys = 10_000,
  ) {}

  /** The `start` for the next connection: the newest line delivered, else where the tail began. */
  get start(): string {
    return this.newest ?? this.startNanos;
  }

  /** The entries not delivered before, in their order; remembers them. */
  admit(entries: readonly LokiEntry[]): LokiEntry[] {
    const fresh: LokiEntry[] = [];
    for (const entry of entries) {
      if (this.recent.has(entry.key)) continue;
      const nanos = entry.line.nanos ?? '0';
      this.recent.set(entry.key, nanos);
      fresh.push(entry);
      if (this.newest === undefined || compareNanos(nanos, this.newest) > 0) this.newest = nanos;
    }
    this.forget();
    return fresh;
  }

  /** Keys at the newest timestamp are kept whatever the bound: they are exactly what a resume resends. */
  private forget(): void {
    for (const [key, nanos] of this.recent) {
      if (this.recent.size <= this.maxKeys) return;
      if (nanos === this.newest) return;
      this.recent.delete(key);
    }
  }
}

export function msToNanos(ms: number): string {
  return (BigInt(Math.max(0, Math.round(ms))) * 1_000_000n).toString();
}
