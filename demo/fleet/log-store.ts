export type DemoLogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface DemoLogLine {
  /** Epoch ms. */
  time: number;
  /** Epoch ns as a decimal string (Loki's wire form), unique per line. */
  nanos: string;
  service: string;
  level: DemoLogLevel;
  msg: string;
  traceId?: string;
  city?: string;
  /** Extra structured fields that go into the JSON line. */
  fields?: Record<string, string | number>;
}

/** The JSON text of a line, as a service would have written it to stdout. */
export function renderLine(l: DemoLogLine): string {
  return JSON.stringify({
    ts: new Date(l.time).toISOString(),
    level: l.level,
    service: l.service,
    msg: l.msg,
    ...(l.traceId ? { traceId: l.traceId } : {}),
    ...(l.city ? { city: l.city } : {}),
    ...l.fields,
  });
}

/** Stream labels: low-cardinality, like a Loki pipeline would attach. */
export function streamLabels(l: DemoLogLine): Record<string, string> {
  const labels: Record<string, string> = { job: 'lockstep-demo', service: l.service, level: l.level };
  if (l.city) labels.city = l.city;
  return labels;
}

/** The most recent log lines in a ring, oldest overwritten first. */
export class LogStore {
  private readonly ring: Array<DemoLogLine | undefined>;
  private head = 0;
  private count = 0;
  private lastMs = 0;
  private seq = 0;
  private total = 0;

  constructor(readonly capacity = 50_000) {
    this.ring = new Array<DemoLogLine | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  add(line: Omit<DemoLogLine, 'nanos'>): void {
    // A per-millisecond sequence keeps ns timestamps unique, as Loki needs for ordering.
    this.seq = line.time === this.lastMs ? this.seq + 1 : 0;
    this.lastMs = line.time;
    const nanos = (BigInt(Math.floor(line.time)) * 1_000_000n + BigInt(this.seq % 1_000_000)).toString();
    this.ring[this.head] = { ...line, nanos };
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
    this.total++;
  }

  /** How many lines were ever added: a mark for `readSince`. */
  get added(): number {
    return this.total;
  }

  /**
   * Lines added after `mark` (a value of `added`), in insertion order, and the new mark.
   * Lines already overwritten in the ring are counted as `lost`. Insertion order, not time:
   * services write lines whose times are not in order (a payment logs when it completes).
   */
  readSince(mark: number): { lines: DemoLogLine[]; mark: number; lost: number } {
    const wanted = Math.max(0, this.total - mark);
    const available = Math.min(wanted, this.count);
    const lines: DemoLogLine[] = [];
    for (let n = available; n >= 1; n--) {
      const l = this.ring[(this.head - n + this.capacity) % this.capacity];
      if (l) lines.push(l);
    }
    return { lines, mark: this.total, lost: wanted - available };
  }

  /** Every stored line, oldest first (insertion order). */
  *lines(): Generator<DemoLogLine> {
    for (let n = this.count; n >= 1; n--) {
      const l = this.ring[(this.head - n + this.capacity) % this.capacity];
      if (l) yield l;
    }
  }
}
