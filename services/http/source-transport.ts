import type { LookupFunction } from 'node:net';
import type { HttpSourceConfig } from '../config/sources';
import { type DataSource, SourceError } from '../datasources/types';
import { ConcurrencyLimit } from './concurrency-limit';
import type { RequestPlace } from './failure-words';
import { chooseProxy, type ProxyChoice, type ProxyEnvironment, ProxySettingError } from './proxy-choice';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy';
import { createSourceDispatcher, type SourceDispatcher } from './source-dispatcher';
import { loadTls, type ReadFile, TlsSettingError, type TlsSetup, tlsOffWarning } from './tls-files';

/** What a transport may be given besides the source's config: tests inject the environment, the resolver and the file reader. */
export interface TransportOptions {
  env?: ProxyEnvironment;
  lookup?: LookupFunction;
  readFile?: ReadFile;
  /** Where the TLS-off warning and setup errors are logged once, at start. */
  log?: (message: string) => void;
}

/** One request's way to its source: the dispatcher to use, and what the error words need to know. */
export interface Route {
  dispatcher: SourceDispatcher;
  place: RequestPlace;
}

/**
 * Everything one source's requests share: its dispatchers (an Agent, or a ProxyAgent
 * per proxy its URLs need), its concurrency limit, its retry policy and timeouts. Made
 * once per source when the services start; `close()` ends its sockets.
 */
export interface SourceTransport {
  readonly sourceId: string;
  /** The product the source should be ("Prometheus"), for the words. */
  readonly product?: string;
  /** The API it should answer with ("the Prometheus API"), for the words about an HTML page. */
  readonly api?: string;
  /** Set while TLS verification is off: shown with the source's status. */
  readonly warning?: string;
  readonly limit: ConcurrencyLimit;
  readonly retry: RetryPolicy;
  /** Where `url` goes and how; throws the source's setup error (a CA file that cannot be read…) as a SourceError. */
  route(url: URL): Route;
  close(): Promise<void>;
}

const DEFAULT_MAX_CONCURRENT = 8;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const DEFAULT_STALL_TIMEOUT_MS = 5_000;

/** How each kind of source is named in the words: the product, and its API. */
const PRODUCTS: Record<string, { product: string; api: string }> = {
  prometheus: { product: 'Prometheus', api: 'the Prometheus API' },
  alertmanager: { product: 'Alertmanager', api: 'the Alertmanager API' },
  loki: { product: 'Loki', api: 'the Loki API' },
  zipkin: { product: 'Zipkin', api: 'the Zipkin API' },
  jaeger: { product: 'Jaeger', api: 'the Jaeger query API' },
  tempo: { product: 'Tempo', api: 'the Tempo API' },
  'deployer-http': { product: 'the deployer', api: 'the deployer API' },
  'deploy-webhook': { product: 'the deploy system', api: 'its deployments API' },
  'argo-rollouts': { product: 'the Kubernetes API server', api: 'the Kubernetes API' },
};

export function createSourceTransport(config: HttpSourceConfig & { kind?: string }, options: TransportOptions = {}): SourceTransport {
  const log = options.log ?? ((message: string) => console.warn(`[lockstep] ${message}`));
  const env = options.env ?? process.env;
  const named = config.kind ? PRODUCTS[config.kind] : undefined;
  const connectTimeoutMs = config.connectTimeoutMs ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, config.timeoutMs);
  const stallTimeoutMs = config.stallTimeoutMs ?? Math.min(DEFAULT_STALL_TIMEOUT_MS, config.timeoutMs);
  const limit = new ConcurrencyLimit(config.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
  const retry: RetryPolicy = { ...DEFAULT_RETRY, tries: (config.retries ?? DEFAULT_RETRY.tries - 1) + 1 };

  let tls: TlsSetup | undefined;
  let setupError: SourceError | undefined;
  try {
    tls = loadTls(config.tls, options.readFile);
  } catch (error) {
    if (!(error instanceof TlsSettingError)) throw error;
    setupError = new SourceError(config.id, `${config.name} cannot be used: ${error.message}`, 'rejected', 'setup');
    log(setupError.message);
  }
  const warning = tls && !tls.verify ? tlsOffWarning(config.name) : undefined;
  if (warning) log(warning);

  const dispatchers = new Map<string, SourceDispatcher>();
  let closed = false;

  function proxyFor(url: URL): ProxyChoice | undefined {
    try {
      return chooseProxy(url, config.proxy, env);
    } catch (error) {
      if (error instanceof ProxySettingError) throw new SourceError(config.id, `${config.name} cannot be used: ${error.message}`, 'rejected', 'setup');
      throw error;
    }
  }

  return {
    sourceId: config.id,
    ...(named ? named : {}),
    ...(warning ? { warning } : {}),
    limit,
    retry,
    route(url) {
      if (setupError) throw setupError;
      if (closed) throw new SourceError(config.id, `${config.name} is closed: Lockstep is shutting down`, 'unreachable', 'setup');
      const proxy = proxyFor(url);
      const key = proxy?.url.href ?? '';
      let dispatcher = dispatchers.get(key);
      if (!dispatcher) {
        dispatcher = createSourceDispatcher({
          tls: tls!,
          ...(proxy ? { proxy } : {}),
          connections: limit.limit,
          connectTimeoutMs,
          headersTimeoutMs: config.timeoutMs,
          stallTimeoutMs,
          ...(options.lookup ? { lookup: options.lookup } : {}),
        });
        dispatchers.set(key, dispatcher);
      }
      const place: RequestPlace = {
        sourceId: config.id,
        url,
        ...(named ? { product: named.product } : {}),
        ...(proxy ? { proxy } : {}),
        ...(tls?.clientCertificate ? { clientCertificate: tls.clientCertificate } : {}),
        ...(tls?.caFile ? { caFile: tls.caFile } : {}),
        ...(tls?.connect.servername ? { serverName: tls.connect.servername } : {}),
        timeoutMs: config.timeoutMs,
        connectTimeoutMs,
        stallTimeoutMs,
      };
      return { dispatcher, place };
    },
    async close() {
      closed = true;
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(all.map((d) => d.close()));
    },
  };
}

/**
 * The source, closing its transport when it closes and carrying the transport's warning
 * (TLS verification off). The connector's object stays the prototype, so nothing it holds
 * (own fields or methods of a class) is lost.
 */
export function withTransport(source: DataSource, transport: SourceTransport): DataSource {
  const bound = Object.create(source) as DataSource;
  Object.defineProperty(bound, 'close', {
    enumerable: true,
    value: async () => {
      try {
        await source.close?.();
      } finally {
        await transport.close();
      }
    },
  });
  if (transport.warning) Object.defineProperty(bound, 'warning', { enumerable: true, value: transport.warning });
  return bound;
}
