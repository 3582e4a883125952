import type { Exemplar, Series } from '../../shared';

/**
 * What a Prometheus-API source answers beside range queries (services/datasources/prometheus.ts):
 * instant queries, series and label look-ups for completion, exemplars, rules and alerts, and
 * which product and version it is. Times are epoch milliseconds throughout.
 */

export interface InstantQueryRequest {
  expr: string;
  /** Evaluation time; the server's now when absent. */
  time?: number;
}

export interface InstantSample {
  /** The metric name, or the label set as Prometheus prints it when the result has none. */
  name: string;
  labels: Record<string, string>;
  time: number;
  /** null for NaN; ±Infinity as is. */
  value: number | null;
}

export interface InstantResult {
  resultType: 'vector' | 'scalar' | 'string' | 'matrix';
  /** One per series for a vector; one sample with no labels for a scalar. */
  samples: InstantSample[];
  /** The series of a range-vector answer (`up[5m]`). */
  series: Series[];
  /** The text of a string answer. */
  text?: string;
  warnings: string[];
}

/** `/api/v1/series`, `/api/v1/labels`, `/api/v1/label/<name>/values`: `match` are series selectors. */
export interface LookupRequest {
  match?: readonly string[];
  start?: number;
  end?: number;
}

export interface ExemplarsRequest {
  expr: string;
  start: number;
  end: number;
}

export interface RuleGroupInfo {
  name: string;
  file: string;
  intervalSeconds?: number;
  rules: RuleInfo[];
}

export interface RuleInfo {
  type: 'recording' | 'alerting';
  name: string;
  query: string;
  /** "ok", "err" or "unknown", as the server says. */
  health: string;
  lastError?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Alerting rules: inactive, pending or firing. */
  state?: string;
  forSeconds?: number;
  lastEvaluation?: number;
}

export interface ActiveAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: number;
  value: number | null;
}

export type MetricsProduct = 'Prometheus' | 'VictoriaMetrics' | 'Thanos' | 'Mimir' | 'Cortex' | 'Prometheus-compatible';

export interface BuildInfo {
  product: MetricsProduct;
  /** As the product reports it; undefined when it does not (a distribution build of VictoriaMetrics reports none). */
  version?: string;
  /** "VictoriaMetrics (version not reported)", "Prometheus 2.42.0": for a person. */
  summary: string;
}

export type { Exemplar };
