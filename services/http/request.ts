import { request as undiciRequest, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { SourceError } from '../datasources/types';
import { DEFAULT_MAX_RESPONSE_BYTES, MB, processResponseBudget, type ResponseBudget } from './response-budget';
import { describeError } from '../util/errors';

export interface HttpOptions {
  sourceId: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Largest single answer accepted; a backend that sends more is refused (64 MB unless the source says otherwise). */
  maxBytes?: number;
  /** The process-wide budget every answer reserves from; tests pass their own. */
  budget?: ResponseBudget;
  dispatcher?: Dispatcher;
}

export interface HttpText {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface JsonOptions extends HttpOptions {
  /** The source's name, to say who refused (e.g. "Alertmanager (127.0.0.1:9093)"). */
  who?: string;
  /**
   * A connector's own words for a non-2xx answer (a trace that is not there, a query the
   * server rejects); `undefined` falls back to the common wording. `reason` is the
   * backend's own reason, as `errorReason` reads it.
   */
  refused?: (status: number, reason: string, text: string) => SourceError | undefined;
  /** What was refused, in the common wording: "the request" for GET, "the change" otherwise, unless said here. */
  action?: string;
}

/** Every outbound call goes through here: one place for timeouts, size limits, the memory budget and error words. */
export async function httpText(url: string, options: HttpOptions): Promise<HttpText> {
  const { release, ...answer } = await fetchText(url, options);
  release();
  return answer;
}

/**
 * GET/POST a JSON endpoint and parse it with `schema`; non-2xx and bad shapes become
 * SourceErrors. A refusal is told in the backend's own words ({"error"}, {"message"},
 * Jaeger's {"errors":[{"msg"}]} or a bare JSON string), since raw JSON helps no one at
 * 3 a.m. The answer's bytes stay reserved in the budget until it is parsed, since the
 * parse is where most of its memory goes.
 */
export async function httpJson<S extends z.ZodType>(url: string, schema: S, options: JsonOptions): Promise<z.output<S>> {
  const response = await fetchText(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  try {
    const host = safeHost(url);
    if (response.status < 200 || response.status >= 300) throw refusal(response, host, options);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new SourceError(options.sourceId, `${host} answered with something that is not JSON: ${firstLine(response.text)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'the top level';
      throw new SourceError(options.sourceId, `${host} sent an unexpected answer (${where}: ${issue?.message ?? 'invalid'})`);
    }
    return parsed.data;
  } finally {
    response.release();
  }
}

function refusal(response: HttpText, host: string, options: JsonOptions): SourceError {
  const { status, text } = response;
  const reason = errorReason(text, status);
  const own = options.refused?.(status, reason, text);
  if (own) return own;
  const who = options.who ? `${options.who} (${host})` : host;
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    const where = typeof location === 'string' ? ` to ${firstLine(location)}` : '';
    return new SourceError(
      options.sourceId,
      `${who} answered ${status}, a redirect${where}; Lockstep does not follow redirects (they could carry credentials elsewhere), so put the final URL in the config`,
      'rejected',
    );
  }
  if (status >= 400 && status < 500) {
    const action = options.action ?? (options.method && options.method !== 'GET' ? 'the change' : 'the request');
    return new SourceError(options.sourceId, `${who} refused ${action}: ${reason}`, status === 404 ? 'not_found' : 'rejected');
  }
  return new SourceError(options.sourceId, `${who} answered ${status}: ${reason}`, 'rejected');
}

/** The answer, with its bytes still reserved in the budget until `release()`. */
async function fetchText(url: string, options: HttpOptions): Promise<HttpText & { release(): void }> {
  const host = safeHost(url);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Dispatcher.ResponseData;
  try {
    response = await undiciRequest(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'Lockstep', ...options.headers },
      body: options.body,
      signal,
      dispatcher: options.dispatcher,
    });
  } catch (error) {
    if (timeout.aborted) {
      throw new SourceError(options.sourceId, `${host} did not answer within ${options.timeoutMs / 1000} s`, 'timeout');
    }
    if (options.signal?.aborted) throw error;
    throw new SourceError(options.sourceId, `cannot reach ${host}: ${describeNetworkError(error)}`, 'unreachable');
  }

  const budget = options.budget ?? processResponseBudget;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const chunks: Buffer[] = [];
  let reserved = 0;
  const release = () => {
    budget.release(reserved);
    reserved = 0;
  };
  try {
    for await (const chunk of response.body) {
      const bytes = (chunk as Buffer).length;
      if (reserved + bytes > maxBytes) {
        throw new SourceError(
          options.sourceId,
          `${host} sent more than ${Math.round(maxBytes / MB)} MB in one answer; refusing it. Narrow the query or time range, or raise "maxResponseMB" on this source`,
          'rejected',
        );
      }
      if (!budget.tryReserve(bytes)) {
        throw new SourceError(
          options.sourceId,
          `${host}'s answer was dropped: answers are larger than this console can hold at once (${Math.round(budget.totalBytes / MB)} MB in flight); narrow the query or time range`,
          'rejected',
        );
      }
      reserved += bytes;
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks, reserved).toString('utf8');
    chunks.length = 0;
    return { status: response.statusCode, headers: response.headers, text, release };
  } catch (error) {
    release();
    response.body.destroy();
    if (error instanceof SourceError) throw error;
    if (timeout.aborted) {
      throw new SourceError(options.sourceId, `${host} did not finish answering within ${options.timeoutMs / 1000} s`, 'timeout');
    }
    if (options.signal?.aborted) throw error;
    throw new SourceError(options.sourceId, `${host} broke off its answer: ${describeNetworkError(error)}`, 'unreachable');
  }
}

/** The backend's own reason for a refusal, or the first line of its answer. */
export function errorReason(text: string, status: number): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string' && json) return json;
    if (typeof json === 'object' && json !== null) {
      const { error, message, errors } = json as { error?: unknown; message?: unknown; errors?: unknown };
      if (typeof error === 'string' && error) return error;
      if (typeof message === 'string' && message) return message;
      // Jaeger's query API: {"data": null, "errors": [{"code": 404, "msg": "trace not found"}]}
      if (Array.isArray(errors)) {
        const messages = errors.flatMap((e) => (typeof (e as { msg?: unknown })?.msg === 'string' ? [(e as { msg: string }).msg] : []));
        if (messages.length > 0) return messages.join('; ');
      }
    }
  } catch {
    // not JSON: the first line of the text says it best
  }
  return firstLine(text) || `HTTP ${status}`;
}

export function firstLine(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the backend';
  }
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is it running?)';
    case 'ENOTFOUND':
      return 'host name not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    default:
      return describeError(error);
  }
}
