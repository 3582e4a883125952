import type { z } from 'zod';
import type { ColumnsThread } from '../traces/columns-thread';
import type { BodyReader } from './body-reader';
import type { HttpSourceConfig } from '../config/sources';
import type { CredentialReader } from '../settings/credentials';
import { httpBytes, httpJson, httpScanned, httpText, type HttpText, type JsonOptions, type Scanned } from './request';
import type { TransferWatch } from './decoded-body';
import { MB, type ResponseBudget } from './response-budget';
import { authHeaders } from './source-auth';
import { createSourceTransport, type SourceTransport } from './source-transport';

/** What a connector is given besides its config. */
export interface SourceDeps {
  /** Where `auth.credential` names are looked up (the host's credential store). */
  credentials?: CredentialReader;
  /** Defaults to the process-wide budget. */
  budget?: ResponseBudget;
  /**
   * The source's pool, proxy, TLS and limits, made once per source by the registry
   * (services/datasources/registry.ts), which closes it with the source. A connector made
   * without one gets its own, from its config.
   */
  transport?: SourceTransport;
  /** Where a large trace answer is read into columns off the host's own thread (services/traces/columns-thread.ts); on the calling thread when absent. */
  columnsThread?: ColumnsThread;
}

export interface SourceRequest {
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The connector's protocol headers (accept, content-type, a Loki tenant); they win over the config's `headers`. */
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** A POST that only reads (a PromQL query as a form): tried again on a failed connection or a 502/503/504, like a GET. */
  read?: boolean;
  /** How far a 2xx answer's body is as it arrives (services/http/decoded-body.ts). */
  watch?: TransferWatch;
}

/** HTTP bound to one source: its id, name, timeout, size cap, static headers, credential and transport. */
export interface SourceHttp {
  text(url: string, request?: SourceRequest): Promise<HttpText>;
  json<S extends z.ZodType>(url: string, schema: S, request?: SourceRequest & Pick<JsonOptions, 'refused' | 'action'>): Promise<z.output<S>>;
  /** Like `json`, the answer's bytes handed to `decode` instead (services/http/request.ts, httpBytes). */
  bytes<T>(url: string, decode: (body: Buffer) => T | Promise<T>, request?: SourceRequest & Pick<JsonOptions, 'refused' | 'action'>): Promise<T>;
  /** Like `json`, with `reader` reading the answer's bytes first where it can (services/http/request.ts, httpScanned). */
  scanned<T, S extends z.ZodType>(url: string, reader: BodyReader<T>, schema: S, request?: SourceRequest & Pick<JsonOptions, 'refused' | 'action'>): Promise<Scanned<T, z.output<S>>>;
}

export function sourceHttp(config: HttpSourceConfig & { kind?: string }, deps: SourceDeps = {}): SourceHttp {
  const fixed = lowerCaseKeys(config.headers ?? {});
  const transport = deps.transport ?? createSourceTransport(config);
  const options = async (request: SourceRequest) => ({
    sourceId: config.id,
    who: config.name,
    timeoutMs: config.timeoutMs,
    ...(config.maxResponseMB ? { maxBytes: config.maxResponseMB * MB } : {}),
    signsIn: config.auth !== undefined,
    budget: deps.budget,
    transport,
    method: request.method,
    body: request.body,
    signal: request.signal,
    read: request.read,
    ...(request.watch ? { watch: request.watch } : {}),
    headers: { ...fixed, ...lowerCaseKeys(request.headers ?? {}), ...(await authHeaders(config, deps.credentials)) },
  });
  return {
    text: async (url, request = {}) => httpText(url, await options(request)),
    json: async (url, schema, request = {}) => httpJson(url, schema, { ...(await options(request)), refused: request.refused, action: request.action }),
    bytes: async (url, decode, request = {}) => httpBytes(url, decode, { ...(await options(request)), refused: request.refused, action: request.action }),
    scanned: async (url, reader, schema, request = {}) => httpScanned(url, reader, schema, { ...(await options(request)), refused: request.refused, action: request.action }),
  };
}

/** Header names are case-insensitive; one spelling each, so a config "Accept" cannot double the connector's. */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
