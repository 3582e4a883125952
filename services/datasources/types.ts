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
}

export interface LogsCapability {
  queryLogs(request: LogQueryRequest, signal?: AbortSignal): Promise<LogResult>;
}

export interface TracesCapability {
  getTrace(traceId: string, signal?: AbortSignal): Promise<Trace>;
}

export interface DeploysCapability {
  listDeployments(signal?: AbortSignal): Promise<Deployment[]>;
  /** Routes the service's traffic to `color`; resolves with the new state. */
  switchTraffic(service: string, color: Color, signal?: AbortSignal): Promise<Deployment>;
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
