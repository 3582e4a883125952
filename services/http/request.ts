import { request as undiciRequest, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { SourceError } from '../datasources/types';

export interface HttpOptions {
  sourceId: string;
  method?: 'GET' | 'POST' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Largest body accepted; a backend that sends more is treated as broken. */
  maxBytes?: number;
  dispatcher?: Dispatcher;
}

export interface HttpText {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** Every outbound call goes through here: one place for timeouts, size limits and error words. */
export async function httpText(url: string, options: HttpOptions): Promise<HttpText> {
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
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        throw new SourceError(options.sourceId, `${host} sent more than ${Math.round(maxBytes / 1e6)} MB; refusing it`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (timeout.aborted) {
      throw new SourceError(options.sourceId, `${host} did not finish answering within ${options.timeoutMs / 1000} s`, 'timeout');
    }
    throw new SourceError(options.sourceId, `${host} broke off its answer: ${describeNetworkError(error)}`, 'unreachable');
  }
  return { status: response.statusCode, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') };
}

/**
 * GET/POST a JSON endpoint and parse it with `schema`; non-2xx and bad shapes become
 * SourceErrors. A refusal is told in the backend's own words ({"error"}, {"message"} or
 * a bare JSON string), since raw JSON helps no one at 3 a.m.
 */
export async function httpJson<S extends z.ZodType>(
  url: string,
  schema: S,
  options: HttpOptions & { who?: string },
): Promise<z.output<S>> {
  const response = await httpText(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
  const host = safeHost(url);
  if (response.status < 200 || response.status >= 300) {
    const action = options.method && options.method !== 'GET' ? 'the change' : 'the request';
    const who = options.who ? `${options.who} (${host})` : host;
    throw new SourceError(
      options.sourceId,
      `${who} refused ${action}: ${errorReason(response.text, response.status)}`,
      response.status === 404 ? 'not_found' : 'rejected',
    );
  }
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
}

/** The backend's own reason for a refusal, or the first line of its answer. */
export function errorReason(text: string, status: number): string {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'string' && json) return json;
    if (typeof json === 'object' && json !== null) {
      const { error, message } = json as { error?: unknown; message?: unknown };
      if (typeof error === 'string' && error) return error;
      if (typeof message === 'string' && message) return message;
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
      return error instanceof Error ? error.message : String(error);
  }
}
