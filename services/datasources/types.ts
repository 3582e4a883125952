import type {
  Alert,
  Deployment,
  Color,
  LogQueryRequest,
  LogResult,
  QueryRangeRequest,
  QueryResult,
  Silence,
  SilenceMatcher,
  SourceKind,
  Trace,
} from '../../shared';

/**
 * The seam every backend plugs into: one module per kind implements the capabilities
 * its system has. Implementations parse every response with a schema and throw
 * SourceError with a message an on-call engineer can act on.
 */
export interface MetricsCapability {
  queryRange(request: QueryRangeRequest, signal?: AbortSignal): Promise<QueryResult>;
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
}

export interface TracesCapability {
  getTrace(traceId: string, signal?: AbortSignal): Promise<Trace>;
  /**
   * Which service called which in a window, as the backend's own dependency links
   * (Zipkin `GET /api/v2/dependencies`, Jaeger `GET /api/dependencies`). Absent where the
   * backend has no such API (Tempo: its service graph is Prometheus series from the
   * metrics-generator, not a query of the trace store).
   */
  dependencies?(window: DependencyWindow, signal?: AbortSignal): Promise<DependencyLink[]>;
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
  close?(): Promise<void>;
}

/** A backend failed; `message` is shown on the panel as it is. */
export class SourceError extends Error {
  constructor(
    readonly sourceId: string,
    message: string,
    readonly kind: 'unreachable' | 'bad_response' | 'rejected' | 'not_found' | 'timeout' = 'bad_response',
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
