import type { LookupFunction } from 'node:net';
import { TLSSocket } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, Pool, ProxyAgent } from 'undici';
import type { ProxyChoice } from './proxy-choice';
import type { TlsSetup } from './tls-files';

export interface DispatcherSettings {
  tls: TlsSetup;
  proxy?: ProxyChoice;
  /** Sockets per origin: the source's concurrency limit, so the pool never opens more. */
  connections: number;
  connectTimeoutMs: number;
  /** From the request being sent to its status line. */
  headersTimeoutMs: number;
  /** The longest silence allowed between two pieces of an answer's body. */
  stallTimeoutMs: number;
  /** Name resolution; tests inject one rather than wait on a resolver. */
  lookup?: LookupFunction;
}

/** What the server's certificate says, for the sentence that explains why it is not trusted. */
export interface PeerCertificate {
  subject: string;
  issuer: string;
  subjectAltName?: string;
  validFrom: string;
  validTo: string;
}

/** The server's certificate failed verification; `reason` is OpenSSL's or Node's code (CERT_HAS_EXPIRED…). */
export class TlsVerificationError extends Error {
  readonly code = 'LOCKSTEP_TLS_VERIFY';
  constructor(
    readonly reason: string,
    readonly peer: PeerCertificate | undefined,
  ) {
    super(`TLS verification failed: ${reason}`);
    this.name = 'TlsVerificationError';
  }
}

export interface SourceDispatcher {
  readonly dispatcher: Dispatcher;
  /** The TLS alert the server sent on the connection a request failed on, which undici reports only as "other side closed". */
  tlsAlertBehind(error: unknown): Error | undefined;
  close(): Promise<void>;
}

/** How long a TLS alert is remembered for the request that fails on its connection. */
const ALERT_MEMORY_MS = 10_000;
const KEEP_ALIVE_MS = 15_000;

/**
 * One undici dispatcher for one source: an Agent, or a ProxyAgent when a proxy applies;
 * keep-alive, the source's timeouts and TLS, at most `connections` sockets.
 *
 * Certificates are checked here rather than by `rejectUnauthorized`: Node rejects with
 * a bare code ("unable to verify the first certificate"), but the person needs to know
 * which certificate — who issued it, which names it holds, when it expired. So the
 * handshake runs with `rejectUnauthorized: false`, and before undici may write a byte on
 * the socket, a socket Node did not authorise (chain, expiry and host name: Node sets
 * `authorized` false for each) is destroyed and the request fails with the certificate's
 * particulars. TLS sessions are not cached, so no connection resumes a session whose
 * certificate was never checked here.
 */
export function createSourceDispatcher(settings: DispatcherSettings): SourceDispatcher {
  const alerts = new AlertLog();
  const verify = settings.tls.verify;
  const tlsOptions = { ...settings.tls.connect, rejectUnauthorized: false, maxCachedSessions: 0 };
  const pool = {
    connections: settings.connections,
    keepAliveTimeout: KEEP_ALIVE_MS,
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.stallTimeoutMs,
  };
  const lookup = settings.lookup ? { lookup: settings.lookup } : {};
  let dispatcher: Dispatcher;
  if (settings.proxy) {
    const { url } = settings.proxy;
    dispatcher = new ProxyAgent({
      ...pool,
      uri: url.href,
      connectTimeout: settings.connectTimeoutMs,
      proxyTls: { ...lookup, timeout: settings.connectTimeoutMs },
      requestTls: tlsOptions,
      // The connections to the source through the CONNECT tunnel: checked as above.
      factory: (origin, options) => new Pool(origin, { ...options, connect: guarded((options as { connect: buildConnector.connector }).connect, verify, alerts) }),
    });
  } else {
    const connect = buildConnector({ ...tlsOptions, ...lookup, timeout: settings.connectTimeoutMs });
    dispatcher = new Agent({ ...pool, connect: guarded(connect, verify, alerts) });
  }
  return {
    dispatcher,
    tlsAlertBehind: (error) => alerts.behind(error),
    close: async () => {
      alerts.clear();
      await dispatcher.close();
    },
  };
}

function guarded(connect: buildConnector.connector, verify: boolean, alerts: AlertLog): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...args) => {
      const [error, socket] = args;
      if (error !== null || !(socket instanceof TLSSocket)) {
        callback(...args);
        return;
      }
      alerts.watch(socket);
      if (verify && !socket.authorized) {
        const failure = new TlsVerificationError(String(socket.authorizationError ?? 'unknown'), peerOf(socket));
        socket.destroy();
        callback(failure, null);
        return;
      }
      callback(null, socket);
    });
}

function peerOf(socket: TLSSocket): PeerCertificate | undefined {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) return undefined;
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    ...(certificate.subjectAltName ? { subjectAltName: certificate.subjectAltName } : {}),
    validFrom: certificate.validFrom,
    validTo: certificate.validTo,
  };
}

/**
 * A server that refuses our client certificate (or wants one) under TLS 1.3 says so in an
 * alert after the handshake; undici then reports the closed socket as "other side closed"
 * and the alert is lost. The alert is kept here by the socket's local port, which
 * undici's socket error carries, so the request's failure can be told for what it was.
 */
class AlertLog {
  private readonly byPort = new Map<number, Error>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  watch(socket: TLSSocket): void {
    // Read now: a socket that has failed no longer knows its port.
    const port = socket.localPort;
    if (port === undefined) return;
    socket.on('error', (error: Error & { code?: string }) => {
      if (!/^ERR_SSL_.*ALERT/.test(error.code ?? '')) return;
      this.byPort.set(port, error);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.byPort.get(port) === error) this.byPort.delete(port);
      }, ALERT_MEMORY_MS);
      timer.unref();
      this.timers.add(timer);
    });
  }

  behind(error: unknown): Error | undefined {
    const port = (error as { socket?: { localPort?: number } })?.socket?.localPort;
    return port === undefined ? undefined : this.byPort.get(port);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.byPort.clear();
  }
}
