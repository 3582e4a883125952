/**
 * What exactly went wrong talking to a source: finer than SourceError's `kind` (which
 * says how the rest of the console treats it: retry an action, count against health),
 * so a "Test connection" button can point at the setting to fix.
 */
export type SourceProblem =
  /** The host name does not resolve (NXDOMAIN), or the resolver did not answer. */
  | 'dns'
  | 'dns_unavailable'
  /** Nothing listens there; the connection was reset before an answer; no route. */
  | 'refused'
  | 'reset'
  | 'no_route'
  /** Timeouts, by phase: connecting, waiting for the status line, the whole answer, a stall mid-body. */
  | 'connect_timeout'
  | 'headers_timeout'
  | 'answer_timeout'
  | 'stalled'
  /** The answer broke off, or was more than the source's cap or the console's budget. */
  | 'truncated'
  | 'too_large'
  | 'over_budget'
  | 'undecodable'
  /** TLS: the server's certificate, or ours. */
  | 'tls_untrusted'
  | 'tls_hostname'
  | 'tls_expired'
  | 'tls_not_yet_valid'
  | 'tls_client_cert_required'
  | 'tls_client_cert_rejected'
  | 'tls_not_tls'
  | 'tls_failed'
  /** The proxy in between. */
  | 'proxy_refused'
  | 'proxy_dns'
  | 'proxy_auth'
  | 'proxy_tunnel'
  /** The answer itself. */
  | 'html'
  | 'not_json'
  | 'bad_shape'
  | 'unauthorized'
  | 'forbidden'
  | 'redirect'
  | 'http_status'
  /** This source's own settings: a CA or key file, a proxy variable, a stored credential. */
  | 'setup';

/** Failures where nothing reached the server, or it never began to answer: safe to try a read again. */
export const RETRYABLE_PROBLEMS: ReadonlySet<SourceProblem> = new Set<SourceProblem>([
  'dns_unavailable',
  'refused',
  'reset',
  'connect_timeout',
  'headers_timeout',
  'proxy_refused',
]);
