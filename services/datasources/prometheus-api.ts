import { z } from 'zod';
import type { SourceConfigOf } from '../config/sources';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { SourceError } from './types';

/**
 * The Prometheus HTTP API's envelope, as Prometheus, VictoriaMetrics, Thanos and
 * Mimir/Cortex send it: `{status: "success", data, warnings?, infos?}` or
 * `{status: "error", errorType, error}` (with a 4xx/5xx status). The server's errorType
 * and error text reach the user verbatim — they are what its own docs and logs use.
 */
export const ErrorEnvelopeSchema = z.object({
  status: z.literal('error'),
  // VictoriaMetrics sends the HTTP status here ("422"); Prometheus a word (bad_data, execution, timeout, canceled…).
  errorType: z.union([z.string(), z.number()]).transform(String).optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
});

export function successEnvelope<S extends z.ZodType>(data: S) {
  return z.object({
    status: z.literal('success'),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

export interface PrometheusAnswer<T> {
  data: T;
  /** The server's warnings and infos, verbatim. */
  warnings: string[];
}

export interface PrometheusApi {
  readonly base: string;
  readonly host: string;
  readonly name: string;
  /** GET with query parameters (repeated keys, e.g. match[], allowed). */
  get<S extends z.ZodType>(path: string, params: URLSearchParams, data: S, what: string, signal?: AbortSignal): Promise<PrometheusAnswer<z.output<S>>>;
  /** POST form-encoded, as Grafana sends queries, so long PromQL never hits a URL length limit. */
  post<S extends z.ZodType>(path: string, form: URLSearchParams, data: S, what: string, signal?: AbortSignal): Promise<PrometheusAnswer<z.output<S>>>;
  /** The same POST, answer unparsed (the range-query decoder checks its own envelope, for speed). */
  postRaw(path: string, form: URLSearchParams, what: string, signal?: AbortSignal): Promise<unknown>;
  /** The same POST, its answer's bytes handed to `decode` (the range-query scanner) instead of being parsed at all. */
  postBytes<T>(path: string, form: URLSearchParams, what: string, decode: (body: Buffer) => T | Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Checks an unparsed answer's envelope and data. */
  parse<S extends z.ZodType>(json: unknown, data: S, what: string): PrometheusAnswer<z.output<S>>;
  /** GET plain text (a /metrics page), for telling products apart. */
  text(path: string, signal?: AbortSignal): Promise<{ status: number; text: string }>;
}

export function createPrometheusApi(config: SourceConfigOf<'prometheus'>, base: string, deps: SourceDeps = {}): PrometheusApi {
  const http = sourceHttp(config, deps);
  const host = new URL(base).host;
  const tenantHeaders: Record<string, string> = config.tenant ? { [(config.tenantHeader ?? 'X-Scope-OrgID').toLowerCase()]: config.tenant } : {};

  const refused = (what: string) => (status: number, reason: string, text: string) => refusal(config, host, what, status, reason, text);

  async function request(path: string, what: string, method: 'GET' | 'POST', body: URLSearchParams | undefined, signal?: AbortSignal): Promise<unknown> {
    const json: unknown = await http.json(`${base}${path}`, z.unknown(), {
      method,
      headers: { ...tenantHeaders, ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body?.toString(),
      signal,
      // Every call here reads (queries and look-ups POST a form only for long PromQL): retried like a GET.
      read: true,
      action: what,
      refused: refused(what),
    });
    // Some proxies answer 200 with the error envelope.
    const error = ErrorEnvelopeSchema.safeParse(json);
    if (error.success) throw envelopeError(config, what, error.data);
    return json;
  }

  function parsed<S extends z.ZodType>(json: unknown, data: S, what: string): PrometheusAnswer<z.output<S>> {
    const answer = successEnvelope(data).safeParse(json);
    if (!answer.success) {
      const issue = answer.error.issues[0];
      const where = issue?.path.join('.') || 'the top level';
      throw new SourceError(config.id, `${host} sent an unexpected answer to ${what} (${where}: ${issue?.message ?? 'invalid'})`);
    }
    // zod cannot follow the generic `data` through the envelope's type; the parse above checked it.
    const body = answer.data as { data: z.output<S>; warnings?: string[]; infos?: string[] };
    return { data: body.data, warnings: [...(body.warnings ?? []), ...(body.infos ?? [])] };
  }

  return {
    base,
    host,
    name: config.name,
    get: async (path, params, data, what, signal) => {
      const query = params.toString();
      return parsed(await request(query ? `${path}?${query}` : path, what, 'GET', undefined, signal), data, what);
    },
    post: async (path, form, data, what, signal) => parsed(await request(path, what, 'POST', form, signal), data, what),
    postRaw: (path, form, what, signal) => request(path, what, 'POST', form, signal),
    postBytes: (path, form, what, decode, signal) =>
      http.bytes(`${base}${path}`, decode, {
        method: 'POST',
        headers: { ...tenantHeaders, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        signal,
        action: what,
        refused: refused(what),
      }),
    parse: parsed,
    text: async (path, signal) => {
      const answer = await http.text(`${base}${path}`, { headers: tenantHeaders, signal });
      return { status: answer.status, text: answer.text };
    },
  };
}

function refusal(config: SourceConfigOf<'prometheus'>, host: string, what: string, status: number, reason: string, text: string): SourceError | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const envelope = ErrorEnvelopeSchema.safeParse(json);
  if (envelope.success) return envelopeError(config, what, envelope.data, status);
  // Mimir and Cortex answer a request without a tenant with 401 "no org id".
  if (status === 401 && /org ?id/i.test(reason)) {
    return new SourceError(
      config.id,
      `${config.name} (${host}) is multi-tenant and needs a tenant: set "tenant" on this source (sent as ${config.tenantHeader ?? 'X-Scope-OrgID'}). It said: ${reason}`,
      'rejected',
    );
  }
  return undefined;
}

/** "Prometheus refused the query (bad_data): 1:5: parse error: unclosed left parenthesis". */
export function envelopeError(config: SourceConfigOf<'prometheus'>, what: string, envelope: z.output<typeof ErrorEnvelopeSchema>, status?: number): SourceError {
  const type = envelope.errorType ?? (status ? String(status) : 'error');
  const text = envelope.error || 'no reason given';
  const [verb, kind] = ERROR_WORDS[type] ?? (status !== undefined && status >= 500 ? ['failed running', 'rejected'] : ['refused', 'rejected']);
  return new SourceError(config.id, `${config.name} ${verb} ${what} (${type}): ${text}`, kind);
}

const ERROR_WORDS: Record<string, [string, SourceError['kind']]> = {
  bad_data: ['refused', 'rejected'],
  not_acceptable: ['refused', 'rejected'],
  not_found: ['found nothing for', 'not_found'],
  execution: ['failed running', 'rejected'],
  internal: ['failed running', 'rejected'],
  unavailable: ['could not run', 'rejected'],
  timeout: ['timed out running', 'timeout'],
  canceled: ['canceled', 'timeout'],
};
