/** Most warnings a trace carries; a broken exporter can produce one per span and nobody reads 50,000 lines. */
const MAX_WARNINGS = 50;

/** Collects normalisation warnings, keeping the first few and counting the rest. */
export class Warnings {
  private readonly list: string[] = [];
  private dropped = 0;

  add(message: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(message);
    else this.dropped += 1;
  }

  addAll(messages: Iterable<string> | null | undefined): void {
    if (!messages) return;
    for (const message of messages) this.add(message);
  }

  toArray(): string[] {
    return this.dropped > 0 ? [...this.list, `…and ${this.dropped} more warnings`] : [...this.list];
  }
}

/** Thrown when a payload is not a trace at all (as opposed to a trace with quirks, which warns). */
export class TraceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceFormatError';
  }
}

/** Microseconds in words, for warnings. */
export function formatMicros(us: number): string {
  const abs = Math.abs(us);
  if (abs >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (abs >= 1000) return `${(us / 1000).toFixed(1)} ms`;
  return `${Math.round(us)} µs`;
}

/** Describes what arrived instead of the expected shape, without dumping it. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length ? `an object with keys ${keys.join(', ')}` : 'an empty object';
  }
  return `a ${typeof value}`;
}
