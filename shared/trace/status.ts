import type { SpanKind, SpanStatus, StatusCode } from '../model/traces';

const UNSET: SpanStatus = Object.freeze({ code: 'unset' }) as SpanStatus;

/** What a span says about how it went, before the evidence is weighed. */
export interface StatusEvidence {
  /** The span's own status: OTLP `status.code`, Jaeger's `otel.status_code` tag. */
  reported?: StatusCode;
  reportedMessage?: string;
  /** An `error` tag that means failure (Zipkin: present at all; Jaeger: `true`), and its text when it has one. */
  errorTag?: boolean;
  errorText?: string;
}

// gRPC codes a server counts as its own failure (OTel semantic conventions for RPC spans):
// UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.
const GRPC_SERVER_ERRORS = new Set([2, 4, 12, 13, 14, 15]);

/**
 * OpenTelemetry's status from everything the span recorded. A span is an error when it says
 * so, carries an error tag, or recorded a failing HTTP or gRPC status — by the OTel
 * conventions, 5xx for a server, any 4xx or 5xx for a client, a server-side gRPC failure or
 * any non-OK gRPC code for a client. It is OK only when it reported OK and nothing contradicts
 * it; otherwise unset. When the span reported something else than the evidence shows, that
 * is kept in `reported` so nobody reads "ok" beside an HTTP 504.
 */
export function deriveStatus(evidence: StatusEvidence, attributes: Readonly<Record<string, string>>, kind: SpanKind): SpanStatus {
  const reported = evidence.reported ?? 'unset';
  const failure = protocolFailure(attributes, kind);
  const error = reported === 'error' || evidence.errorTag === true || failure !== undefined;
  // Most spans say nothing: they share one value (nothing writes to a span's status).
  if (!error && reported === 'unset' && evidence.reportedMessage === undefined) return UNSET;
  const code: StatusCode = error ? 'error' : reported === 'ok' ? 'ok' : 'unset';
  const status: SpanStatus = { code };
  const message =
    nonEmpty(evidence.reportedMessage) ?? (evidence.errorTag ? meaningfulErrorText(evidence.errorText) : undefined) ?? (error ? failure : undefined);
  if (message !== undefined) status.message = message;
  if (reported !== code && reported !== 'unset') status.reported = reported;
  return status;
}

/** "HTTP 504", "gRPC status 14" when the recorded protocol status is a failure for this kind of span. */
function protocolFailure(attributes: Readonly<Record<string, string>>, kind: SpanKind): string | undefined {
  const http = integer(attributes['http.response.status_code'] ?? attributes['http.status_code']);
  if (http !== undefined) {
    if (http >= 500 && http <= 599) return `HTTP ${http}`;
    if (http >= 400 && http <= 499 && (kind === 'client' || kind === 'producer')) return `HTTP ${http}`;
  }
  const grpc = integer(attributes['rpc.grpc.status_code']);
  if (grpc !== undefined && grpc !== 0) {
    if (kind === 'client' || GRPC_SERVER_ERRORS.has(grpc)) return `gRPC status ${grpc}`;
  }
  return undefined;
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,4}\s*$/.test(text)) return undefined;
  return Number(text);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/** Zipkin's `error` tag holds the message; "true"/"1"/"" say only that it failed. */
function meaningfulErrorText(text: string | undefined): string | undefined {
  const value = nonEmpty(text);
  if (value === undefined || /^(true|1)$/i.test(value.trim())) return undefined;
  return value;
}

/** OTLP `status.code` (0 UNSET, 1 OK, 2 ERROR, as numbers or names) or Jaeger's `otel.status_code` text. */
export function statusCodeOf(raw: string | number | null | undefined): StatusCode | undefined {
  if (raw === null || raw === undefined) return undefined;
  const text = String(raw).toUpperCase().replace(/^STATUS_CODE_/, '');
  if (text === '2' || text === 'ERROR') return 'error';
  if (text === '1' || text === 'OK') return 'ok';
  if (text === '0' || text === 'UNSET') return 'unset';
  return undefined;
}
