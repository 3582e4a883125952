/**
 * A histogram of current state (battery level, heartbeat age) recomputed at each scrape.
 * prom-client's Histogram only accumulates observations, so this implements the small
 * `get()` contract the Registry reads, producing the usual _bucket/_sum/_count samples.
 */
export interface StateHistogramData {
  labels: Record<string, string>;
  /** Per-bucket counts (not cumulative), one more than `bounds` for +Inf. */
  counts: ArrayLike<number>;
  sum: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

export class StateHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    private readonly compute: () => StateHistogramData[],
  ) {}

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: MetricValue[] }> {
    const values: MetricValue[] = [];
    for (const row of this.compute()) {
      let cumulative = 0;
      for (let b = 0; b <= this.bounds.length; b++) {
        cumulative += row.counts[b] ?? 0;
        const le = b < this.bounds.length ? (this.bounds[b] ?? 0) : '+Inf';
        values.push({ labels: { ...row.labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      }
      values.push({ labels: row.labels, value: row.sum, metricName: `${this.name}_sum` });
      values.push({ labels: row.labels, value: cumulative, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {}
}
