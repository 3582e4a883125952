import type {
  Alert,
  Deployment,
  Color,
  LogLine,
  LogQueryRequest,
  LogResult,
  QueryRangeRequest,
  QueryResult,
  Silence,
  SilenceMatcher,
  SourceKind,
  Trace,
  TraceFetchProgress,
} from '../../shared';
import type { SpanKind, TraceOperation, TraceQuery, TraceSearchResult } from '../../shared';
import type { TraceColumns } from '../../shared/model/trace-columns';
import type { SourceProblem } from '../http/problems';
import type { ActiveAlert, BuildInfo, Exemplar, ExemplarsRequest, InstantQueryRequest, InstantResult, LookupRequest, RuleGroupInfo } from './metrics-types';

/**
 * The seam every backend plugs into: one module per kind implements the capabilities
 * its system has. Implementations parse every response with a schema and throw
 * SourceError with a message an on-call engineer can act on.
 */
export interface MetricsCapability {
  queryRange(request: QueryRangeRequest, signal?: AbortSignal): Promise<QueryResult>;
  /** The Prometheus HTTP API beyond range queries (metrics-types.ts); absent where the source has no such API. */
  query?(request: InstantQueryRequest, signal?: AbortSignal): Promise<InstantResult>;
  series?(request: LookupRequest, signal?: AbortSignal): Promise<Record<string, string>[]>;
  labelNames?(request: LookupRequest, signal?: AbortSignal): Promise<string[]>;
  labelValues?(label: string, request: LookupRequest, signal?: AbortSignal): Promise<string[]>;
  exemplars?(request: ExemplarsRequest, signal?: AbortSignal): Promise<Exemplar[]>;
  rules?(signal?: AbortSignal): Promise<RuleGroupInfo[]>;
  alerts?(signal?: AbortSignal): Promise<ActiveAlert[]>;
  buildInfo?(signal?: AbortSignal): Promise<BuildInfo>;
}

export interface NewSilence {
  /** Updates this silence in place (Alertmanager keeps its id and start when only the end moves). */
  id?: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

export interface AlertsCapability {
  /** Active alerts (firing, including silenced ones), newest state. */
  listAlerts(signal?: AbortSignal): Promise<Alert[]>;
  listSilences(signal?: AbortSignal): Promise<Silence[]>;
  createSilence(silence: NewSilence, signal?: AbortSignal): Promise<{ silenceId: string }>;
  /** Ends a silence now (DELETE /api/v2/silence/{id}). */
  expireSilence?(silenceId: string, signal?: AbortSignal): Promise<void>;
  /** Posts alerts as Prometheus does (POST /api/v2/alerts): equal labels make one alert. Absent where the source cannot take alerts. */
  postAlerts?(alerts: readonly PostableAlert[], signal?: AbortSignal): Promise<void>;
  /** Alertmanager's route groups (GET /api/v2/alerts/groups): which receiver gets which alerts, grouped how. */
  listGroups?(signal?: AbortSignal): Promise<AlertGroup[]>;
  /** What the source knows of its own state after its last call (version, cluster members); read after each call. */
  healthNote?(): HealthNote;
}

/** One route group of Alertmanager: the receiver, the group's labels (its `group_by` values) and its alerts. */
export interface AlertGroup {
  receiver: string;
  labels: Record<string, string>;
  alerts: Alert[];
}

/**
 * A source's own account of itself, beside whether its calls answer: `detail` is a line for
 * a person ("Alertmanager 0.25.0, cluster ready, 2 peers"); `problem`, when set, makes a
 * source that answers degraded (a cluster member down while another answers).
 */
export interface HealthNote {
  detail?: string;
  problem?: string;
}

/** An alert to post; times in epoch ms. An alert whose endsAt has passed is resolved. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number;
  generatorURL?: string;
}

export interface LogsCapability {
  queryLogs(request: LogQueryRequest, signal?: AbortSignal): Promise<LogResult>;
  /** Follows a query live until closed (Loki's tail); absent where the backend has no such API. */
  tail?(request: SourceTailRequest, sink: LogTailSink): LogTailHandle;
  /** Label names seen in the window (for completion). */
  labels?(window: TimeWindow, signal?: AbortSignal): Promise<string[]>;
  /** One label's values seen in the window (for completion). */
  labelValues?(name: string, window: TimeWindow, signal?: AbortSignal): Promise<string[]>;
  /** The label sets of the streams matching any of the selectors in the window. */
  series?(match: readonly string[], window: TimeWindow, signal?: AbortSignal): Promise<Record<string, string>[]>;
}

/** Epoch ms, inclusive. */
export interface TimeWindow {
  start: number;
  end: number;
}

export interface SourceTailRequest {
  query: string;
  /** Epoch ms to start from. */
  start: number;
  /** Most lines the backend sends at once when it (re)connects. */
  limit: number;
}

/** Where a tail delivers; called from timers and sockets, so it must not throw. */
export interface LogTailSink {
  /** Lines not delivered before, oldest first. */
  lines(lines: LogLine[]): void;
  /** The backend dropped this many lines (it could not keep up). */
  dropped(count: number): void;
  /** live (with an optional notice), reconnecting (why, and when it tries again), or failed for good (why). */
  state(state: 'live' | 'reconnecting' | 'failed', message?: string): void;
}

export interface LogTailHandle {
  close(): void;
}

export interface TracesCapability {
  getTrace(traceId: string, signal?: AbortSignal): Promise<Trace>;
  /**
   * The same trace as the columns the page draws from (shared/model/trace-columns.ts), where
   * the source can read its answer straight into them; absent, the caller encodes getTrace's.
   */
  getTraceColumns?(traceId: string, signal?: AbortSignal, onProgress?: (progress: TraceFetchProgress) => void): Promise<TraceColumns>;
  /**
   * Which service called which in a window, as the backend's own dependency links
   * (Zipkin `GET /api/v2/dependencies`, Jaeger `GET /api/dependencies`). Absent where the
   * backend has no such API (Tempo: its service graph is Prometheus series from the
   * metrics-generator, not a query of the trace store).
   */
  dependencies?(window: DependencyWindow, signal?: AbortSignal): Promise<DependencyLink[]>;
  /** Traces matching a search, one summary each (services/datasources/trace-search.ts has the shared parts). */
  searchTraces?(query: TraceQuery, signal?: AbortSignal): Promise<TraceSearchResult>;
  /** The services the backend has seen, sorted. */
  serviceNames?(signal?: AbortSignal): Promise<string[]>;
  /** One service's operations (span names), with their kind where the backend says. */
  operations?(service: string, spanKind?: SpanKind, signal?: AbortSignal): Promise<TraceOperation[]>;
  /** Attribute names the backend can search by (Tempo's search tags, Zipkin's autocomplete keys). */
  tagNames?(signal?: AbortSignal): Promise<string[]>;
}

/** Spans with a timestamp in [endTs - lookbackMs, endTs], epoch ms, as both APIs take it. */
export interface DependencyWindow {
  endTs: number;
  lookbackMs: number;
}

/** One caller → callee edge seen in traces: a client span and the server it called. */
export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
  /** Calls known to have failed (Zipkin counts spans tagged `error`; Jaeger does not say). */
  errorCount: number;
}

/** A traffic switch as a console asks for it (see services/actions/rollback.ts). */
export interface SwitchRequest {
  service: string;
  color: Color;
  /** Derived from the switch and the state it starts from, so two consoles asking for the same switch send the same key. */
  idempotencyKey: string;
  /** Who asked, for the deployer's own record. */
  requestedBy: string;
  /**
   * Set for a traffic shift rather than a switch: the share each colour gets (`color` is
   * the one gaining). Providers that cannot split traffic refuse it.
   */
  weights?: Record<Color, number>;
}

/** switched: moved now; replayed: the deployer had done this key before; already_live: nothing to do. */
export interface SwitchResult {
  outcome: 'switched' | 'replayed' | 'already_live';
  deployment: Deployment;
}

/** An HTTP request exactly as it would be sent, with secrets masked: what a dry run shows. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface DeploysCapability {
  listDeployments(signal?: AbortSignal): Promise<Deployment[]>;
  /** Routes the service's traffic to `color`; resolves with the new state. */
  switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment>;
  /** The same with an idempotency key, telling apart a switch, a replay and a no-op (providers that can). */
  requestSwitch?(request: SwitchRequest, signal?: AbortSignal): Promise<SwitchResult>;
  /** The requests `requestSwitch` would send, secrets masked; nothing is sent. */
  previewSwitch?(request: SwitchRequest): Promise<PreparedRequest[]>;
}

export interface DataSource {
  readonly id: string;
  readonly kind: SourceKind;
  readonly name: string;
  /** Where it lives, with no credential in it. */
  readonly endpoint?: string;
  readonly metrics?: MetricsCapability;
  readonly alerts?: AlertsCapability;
  readonly logs?: LogsCapability;
  readonly traces?: TracesCapability;
  readonly deploys?: DeploysCapability;
  /** A standing warning about how Lockstep talks to it (TLS verification off), shown with its status. */
  readonly warning?: string;
  close?(): Promise<void>;
}

/** A backend failed; `message` is shown on the panel as it is. */
export class SourceError extends Error {
  constructor(
    readonly sourceId: string,
    message: string,
    readonly kind: 'unreachable' | 'bad_response' | 'rejected' | 'not_found' | 'timeout' = 'bad_response',
    /** What exactly failed, where the transport knows (services/http/problems.ts). */
    readonly problem?: SourceProblem,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
