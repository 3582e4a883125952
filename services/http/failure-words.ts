import { SourceError } from '../datasources/types';
import type { SourceProblem } from './problems';
import { effectivePort, type ProxyChoice } from './proxy-choice';
import { type PeerCertificate, TlsVerificationError } from './source-dispatcher';

/** What the words about a failed request need to know: whom it was for, and how it was sent. */
export interface RequestPlace {
  sourceId: string;
  url: URL;
  /** The product the source should be ("Prometheus"), for "is Prometheus running there?". */
  product?: string;
  proxy?: ProxyChoice;
  /** The client certificate's subject, when the source has one. */
  clientCertificate?: string;
  /** The CA file the source trusts, when it has one. */
  caFile?: string;
  /** The name the certificate is checked against, when `tls.serverName` sets it. */
  serverName?: string;
  timeoutMs: number;
  connectTimeoutMs?: number;
  stallTimeoutMs?: number;
}

/** How far the request got when it failed. */
export interface Progress {
  /** The status line and headers had arrived. */
  answered: boolean;
  /** Body bytes received (decoded). */
  received: number;
  /** The body's announced length, if any. */
  expected?: number;
  /** The source's own deadline (`timeoutMs`) ran out. */
  deadlinePassed: boolean;
  /** The TLS alert the server sent on this connection, if undici lost it behind "other side closed". */
  tlsAlert?: Error;
}

/**
 * One sentence for a request that failed before a whole answer came back: what failed,
 * where, and what to check. Every branch names the host (or the proxy) as the URL has it,
 * so the sentence reads right on a panel, in the header and in a "Test connection" result.
 */
export function transportFailure(error: unknown, place: RequestPlace, progress: Progress): SourceError {
  const fail = (message: string, kind: SourceError['kind'], problem: SourceProblem) => new SourceError(place.sourceId, message, kind, problem);
  const host = place.url.host;
  const hostname = bare(place.url.hostname);
  const hostPort = `${hostname}:${effectivePort(place.url)}`;
  const seconds = (ms: number | undefined) => `${formatSeconds(ms ?? place.timeoutMs)} s`;

  if (progress.deadlinePassed) {
    return progress.answered
      ? fail(`${host} did not finish answering within ${seconds(place.timeoutMs)} (after ${formatBytes(progress.received)})`, 'timeout', 'answer_timeout')
      : fail(`${host} did not answer within ${seconds(place.timeoutMs)}`, 'timeout', 'headers_timeout');
  }
  if (error instanceof TlsVerificationError) return certificateRefused(error, place, fail);

  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const proxy = place.proxy;
  if (proxy) {
    const proxyWords = proxyFailure(code, message, proxy, hostPort, place, fail);
    if (proxyWords) return proxyWords;
  }
  const alert = progress.tlsAlert ?? (/^ERR_SSL_.*ALERT/.test(code) ? (error as Error) : undefined);
  if (alert) return tlsAlert(alert, hostname, place, fail);

  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return fail(`cannot resolve ${hostname}: no such host — check the URL`, 'unreachable', 'dns');
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return fail(`cannot resolve ${hostname}: the DNS server did not answer — check this computer's network and DNS`, 'unreachable', 'dns_unavailable');
    case 'ECONNREFUSED':
      return fail(`${hostPort} refused the connection — is ${place.product ?? 'the service'} running there?`, 'unreachable', 'refused');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return fail(`cannot reach ${hostPort}: there is no route to it from this computer — check the address and the network (VPN?)`, 'unreachable', 'no_route');
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return fail(
        `could not connect to ${hostPort} within ${seconds(place.connectTimeoutMs)} — is the address right, and does a firewall let this computer through?`,
        'unreachable',
        'connect_timeout',
      );
    case 'UND_ERR_HEADERS_TIMEOUT':
      return fail(`${host} did not answer within ${seconds(place.timeoutMs)}`, 'timeout', 'headers_timeout');
    case 'UND_ERR_BODY_TIMEOUT':
      return fail(
        `${host} stopped sending in the middle of its answer: nothing for ${seconds(place.stallTimeoutMs)} after ${formatBytes(progress.received)} — the server or a proxy on the way is stuck`,
        'timeout',
        'stalled',
      );
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      if (progress.answered) {
        const of = progress.expected !== undefined ? ` (${bytesOf(progress.received, progress.expected)})` : ` (after ${formatBytes(progress.received)})`;
        // Kind "timeout": for a change, the answer broke off after the server took it, so whether it happened is unknown.
        return fail(`${host} closed the connection before its answer was complete${of} — the server or a proxy on the way cut it off`, 'timeout', 'truncated');
      }
      if (place.clientCertificate && place.url.protocol === 'https:' && freshConnection(error)) {
        // Some servers (Node's among them) check a client certificate after the handshake and just close, with no alert.
        return fail(
          `${hostPort} closed the connection right after the TLS handshake, before answering — it most likely does not accept Lockstep's client certificate (${place.clientCertificate}): check that tls.certFile is issued by a CA it trusts and still valid`,
          'rejected',
          'tls_client_cert_rejected',
        );
      }
      return fail(
        `${hostPort} closed the connection without answering — is it ${place.product ?? 'the service'}, and does it speak ${place.url.protocol === 'https:' ? 'HTTPS' : 'plain HTTP'} on that port?`,
        'unreachable',
        'reset',
      );
  }
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST/.test(code)) {
    return fail(`${hostPort} does not speak TLS — if it serves plain HTTP, write the URL with http://`, 'rejected', 'tls_not_tls');
  }
  if (code.startsWith('HPE_')) {
    return fail(`${hostPort} answered with something that is not HTTP — is that the port of ${place.product ?? 'the service'}?`, 'bad_response', 'reset');
  }
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
    return fail(`the TLS connection to ${hostname} failed: ${message}`, 'rejected', 'tls_failed');
  }
  return fail(`cannot reach ${hostPort}: ${message}`, 'unreachable', 'reset');
}

type Fail = (message: string, kind: SourceError['kind'], problem: SourceProblem) => SourceError;

function proxyFailure(code: string, message: string, proxy: ProxyChoice, target: string, place: RequestPlace, fail: Fail): SourceError | undefined {
  const name = `the proxy ${bare(proxy.url.hostname)}:${effectivePort(proxy.url)} (${fromWhere(proxy)})`;
  // Through a proxy, Lockstep connects only to the proxy: a refusal, a timeout or an unknown name is the proxy's.
  switch (code) {
    case 'ECONNREFUSED':
      return fail(`${name} refused the connection — is the proxy running there, and is ${settingOf(proxy)} right?`, 'unreachable', 'proxy_refused');
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_AGAIN':
      return fail(`cannot resolve ${name}: no such host — check ${settingOf(proxy)}`, 'unreachable', 'proxy_dns');
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return fail(`could not connect to ${name} within ${formatSeconds(place.connectTimeoutMs ?? place.timeoutMs)} s — check ${settingOf(proxy)}`, 'unreachable', 'proxy_refused');
    case 'UND_ERR_PRX_CONN':
      return fail(`${name} closed the connection while opening a tunnel to ${target}`, 'unreachable', 'proxy_tunnel');
  }
  const status = /Proxy response \((\d{3})\)/.exec(message)?.[1] ?? (/\(407\)/.test(message) ? '407' : undefined);
  if (status === '407') {
    const hasCredentials = proxy.url.username !== '';
    return fail(
      hasCredentials
        ? `${name} refused the user name and password given for it (407 Proxy Authentication Required) — check them in ${settingOf(proxy)}`
        : proxy.from.includes('"proxy"')
          ? // The config file holds no passwords (services/config/sources.ts refuses them in "proxy"): the environment does.
            `${name} wants a sign-in (407 Proxy Authentication Required) — a source's "proxy" setting holds no password: set HTTPS_PROXY=http://user:password@host:port for Lockstep and remove "proxy" from this source`
          : `${name} wants a sign-in (407 Proxy Authentication Required) — give its user and password in ${settingOf(proxy)} as http://user:password@host:port`,
      'rejected',
      'proxy_auth',
    );
  }
  if (status) {
    return fail(`${name} would not open a tunnel to ${target} (it answered ${status}) — check the proxy's rules, or list this host in NO_PROXY`, 'unreachable', 'proxy_tunnel');
  }
  return undefined;
}

function fromWhere(proxy: ProxyChoice): string {
  return proxy.from.includes('"proxy"') ? 'set on this source' : `from ${proxy.from}`;
}

function settingOf(proxy: ProxyChoice): string {
  return proxy.from.includes('"proxy"') ? 'the source\'s "proxy" setting' : proxy.from;
}

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_CHAIN_TOO_LONG',
  'CERT_SIGNATURE_FAILURE',
]);

function certificateRefused(error: TlsVerificationError, place: RequestPlace, fail: Fail): SourceError {
  const hostname = bare(place.url.hostname);
  const peer = error.peer;
  const certificate = `the TLS certificate of ${hostname}`;
  if (UNTRUSTED.has(error.reason)) {
    const issuer = peer ? nameOf(peer.issuer) : undefined;
    const selfSigned = error.reason === 'DEPTH_ZERO_SELF_SIGNED_CERT' || (peer !== undefined && peer.issuer === peer.subject);
    const origin = selfSigned ? ` (self-signed${issuer ? `, '${issuer}'` : ''})` : issuer ? ` (issued by '${issuer}')` : '';
    const fix = place.caFile
      ? `put the CA that issued it in ${place.caFile} (tls.caFile)`
      : selfSigned
        ? 'add the certificate itself with tls.caFile'
        : 'add its CA with tls.caFile';
    return fail(`${certificate}${origin} is not trusted: ${fix}`, 'rejected', 'tls_untrusted');
  }
  if (error.reason === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const checked = place.serverName ?? hostname;
    const names = peer ? namesIn(peer) : undefined;
    return fail(
      `${certificate} is for ${names ?? 'other names'}, not ${checked}: use one of those names in the URL, or set tls.serverName`,
      'rejected',
      'tls_hostname',
    );
  }
  if (error.reason === 'CERT_HAS_EXPIRED') {
    return fail(`${certificate} expired on ${peer ? utc(peer.validTo) : 'an earlier date'}: the server needs a renewed certificate`, 'rejected', 'tls_expired');
  }
  if (error.reason === 'CERT_NOT_YET_VALID') {
    return fail(`${certificate} is valid only from ${peer ? utc(peer.validFrom) : 'a later date'} — check this computer's clock`, 'rejected', 'tls_not_yet_valid');
  }
  return fail(`${certificate} was refused (${error.reason}): check the server's certificate, or tls.caFile`, 'rejected', 'tls_untrusted');
}

/** A TLS alert is the server refusing the handshake; which one says what to fix. */
function tlsAlert(alert: Error, hostname: string, place: RequestPlace, fail: Fail): SourceError {
  const code = codeOf(alert);
  const said = /alert ([a-z ]+)/i.exec(alert.message)?.[1]?.trim() ?? code;
  if (!place.clientCertificate && /CERTIFICATE_REQUIRED/.test(code)) {
    return fail(`${hostname} requires a client certificate: set tls.certFile and tls.keyFile on this source`, 'rejected', 'tls_client_cert_required');
  }
  if (!place.clientCertificate && /HANDSHAKE_FAILURE/.test(code)) {
    return fail(
      `${hostname} refused the TLS handshake (${said}) — it most likely requires a client certificate: set tls.certFile and tls.keyFile on this source`,
      'rejected',
      'tls_client_cert_required',
    );
  }
  if (place.clientCertificate && /UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|ACCESS_DENIED|HANDSHAKE_FAILURE|DECRYPT_ERROR/.test(code)) {
    return fail(
      `${hostname} did not accept Lockstep's client certificate (${place.clientCertificate}): it said "${said}" — check that tls.certFile is issued by a CA it trusts and still valid`,
      'rejected',
      'tls_client_cert_rejected',
    );
  }
  return fail(`the TLS handshake with ${hostname} failed: it said "${said}"`, 'rejected', 'tls_failed');
}

/** The connection had never carried an answer: undici's socket error says how many bytes it read. */
function freshConnection(error: unknown): boolean {
  return (error as { socket?: { bytesRead?: unknown } })?.socket?.bytesRead === 0;
}

export function codeOf(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** The CN (or O) of an X.509 name as Node prints it ("C=DE\nO=Acme\nCN=Acme CA"). */
function nameOf(name: string): string {
  const parts = Object.fromEntries(name.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return parts.CN ?? parts.O ?? name.replaceAll('\n', ', ');
}

/** The names a certificate is for: its subjectAltName entries, else its CN. */
function namesIn(peer: PeerCertificate): string {
  if (peer.subjectAltName) return peer.subjectAltName.split(', ').map((entry) => entry.replace(/^(DNS|IP Address):/, '')).join(', ');
  return nameOf(peer.subject);
}

function utc(date: string): string {
  const at = new Date(date);
  return Number.isNaN(at.getTime()) ? date : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

/** "50 of 100 bytes", "1.5 MB of 2 MB". */
function bytesOf(received: number, expected: number): string {
  if (expected < 1024) return `${received} of ${expected} bytes`;
  return `${formatBytes(received)} of ${formatBytes(expected)}`;
}

export function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
