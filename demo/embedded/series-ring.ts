import type { RecordedSample } from './recording';

export interface StoredSeries {
  name: string;
  labels: Record<string, string>;
  values: Float64Array;
}

/** Prometheus's default lookback: an instant selector sees the newest sample this recent. */
export const LOOKBACK_MS = 5 * 60_000;

const seriesKey = (name: string, labels: Record<string, string>) =>
  name + JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Recorded samples at one shared set of evaluation times, each series in its own fixed
 * Float64Array ring: memory is bounded by capacity × series no matter how long it runs.
 * A series with no sample at some evaluation holds NaN there and `present` false.
 */
export class SeriesRing {
  private readonly times: Float64Array;
  private readonly series = new Map<string, StoredSeries & { present: Uint8Array }>();
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  append(time: number, samples: readonly RecordedSample[]): void {
    if (this.count > 0 && time <= this.timeAt(this.count - 1)) return;
    const slot = this.head;
    this.times[slot] = time;
    for (const s of this.series.values()) s.present[slot] = 0;
    for (const sample of samples) {
      const key = seriesKey(sample.name, sample.labels);
      let s = this.series.get(key);
      if (!s) {
        s = { name: sample.name, labels: { ...sample.labels }, values: new Float64Array(this.capacity).fill(NaN), present: new Uint8Array(this.capacity) };
        this.series.set(key, s);
      }
      s.values[slot] = sample.value;
      s.present[slot] = 1;
    }
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.capacity, this.count + 1);
  }

  all(): Array<StoredSeries & { present: Uint8Array }> {
    return [...this.series.values()];
  }

  names(): string[] {
    return [...new Set(this.all().map((s) => s.name))].sort();
  }

  /** The time of the i-th oldest evaluation. */
  timeAt(i: number): number {
    return this.times[(this.head - this.count + i + this.capacity) % this.capacity] ?? NaN;
  }

  slotOf(i: number): number {
    return (this.head - this.count + i + this.capacity) % this.capacity;
  }

  /** Index (oldest = 0) of the newest evaluation at or before `t`, or -1. */
  indexAtOrBefore(t: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt(mid) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * Samples of one series at each step of [start, end], like a Prometheus range query of an
   * instant selector: the newest sample within the lookback before each step, else null.
   */
  sample(s: StoredSeries & { present: Uint8Array }, start: number, end: number, stepMs: number): { times: number[]; values: Array<number | null> } {
    const times: number[] = [];
    const values: Array<number | null> = [];
    for (let t = start; t <= end; t += stepMs) {
      times.push(t);
      let value: number | null = null;
      for (let i = this.indexAtOrBefore(t); i >= 0 && t - this.timeAt(i) <= LOOKBACK_MS; i--) {
        const slot = this.slotOf(i);
        if (s.present[slot]) {
          const v = s.values[slot] ?? NaN;
          value = Number.isFinite(v) ? v : null;
          break;
        }
      }
      values.push(value);
    }
    return { times, values };
  }
}
