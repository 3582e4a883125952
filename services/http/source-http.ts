import type { z } from 'zod';
import type { HttpSourceConfig } from '../config/sources';
import type { CredentialReader } from '../settings/credentials';
import { httpJson, httpText, type HttpText, type JsonOptions } from './request';
import { MB, type ResponseBudget } from './response-budget';
import { authHeaders } from './source-auth';

/** What a connector is given besides its config. */
export interface SourceDeps {
  /** Where `auth.credential` names are looked up (the host's credential store). */
  credentials?: CredentialReader;
  /** Defaults to the process-wide budget. */
  budget?: ResponseBudget;
}

export interface SourceRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The connector's protocol headers (accept, content-type, a Loki tenant); they win over the config's `headers`. */
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** HTTP bound to one source: its id, name, timeout, size cap, static headers and credential. */
export interface SourceHttp {
  text(url: string, request?: SourceRequest): Promise<HttpText>;
  json<S extends z.ZodType>(url: string, schema: S, request?: SourceRequest & Pick<JsonOptions, 'refused' | 'action'>): Promise<z.output<S>>;
}

export function sourceHttp(config: HttpSourceConfig, deps: SourceDeps = {}): SourceHttp {
  const fixed = lowerCaseKeys(config.headers ?? {});
  const options = async (request: SourceRequest) => ({
    sourceId: config.id,
    who: config.name,
    timeoutMs: config.timeoutMs,
    ...(config.maxResponseMB ? { maxBytes: config.maxResponseMB * MB } : {}),
    budget: deps.budget,
    method: request.method,
    body: request.body,
    signal: request.signal,
    headers: { ...fixed, ...lowerCaseKeys(request.headers ?? {}), ...(await authHeaders(config, deps.credentials)) },
  });
  return {
    text: async (url, request = {}) => httpText(url, await options(request)),
    json: async (url, schema, request = {}) => httpJson(url, schema, { ...(await options(request)), refused: request.refused, action: request.action }),
  };
}

/** Header names are case-insensitive; one spelling each, so a config "Accept" cannot double the connector's. */
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
