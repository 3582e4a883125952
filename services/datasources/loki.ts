import type { SourceConfigOf } from '../config/sources';
import { firstLine } from '../http/request';
import { sourceHttp, type SourceDeps } from '../http/source-http';
import { z } from 'zod';
import type { LogLevel, LogLine, LogQueryRequest, LogResult } from '../../shared';
import { baseUrl, redact } from './endpoint-url';
import { SourceError, type DataSource } from './types';

/** Loki HTTP API: `GET /loki/api/v1/query_range` with a LogQL log query, newest lines first. */
export function createLokiSource(config: SourceConfigOf<'loki'>, deps: SourceDeps = {}): DataSource {
  const base = baseUrl(config.url);
  const host = new URL(base).host;
  const http = sourceHttp(config, deps);

  async function queryLogs(request: LogQueryRequest, signal?: AbortSignal): Promise<LogResult> {
    const params = new URLSearchParams({
      query: request.query,
      start: msToNanos(request.start),
      end: msToNanos(request.end),
      limit: String(request.limit),
      direction: 'backward',
    });
    const answer = await http.json(`${base}/loki/api/v1/query_range?${params.toString()}`, LokiQueryRangeSchema, {
      headers: config.tenant ? { 'x-scope-orgid': config.tenant } : {},
      signal,
      refused: (status, _reason, text) => httpError(status, text),
    });
    if (answer.status !== 'success') {
      throw new SourceError(config.id, `${host} sent an unexpected answer (status: ${JSON.stringify(answer.status)})`);
    }
    try {
      return { lines: decodeLokiStreams(answer.data), fetchedAt: Date.now(), warnings: answer.warnings ?? [] };
    } catch (error) {
      if (!(error instanceof LokiDecodeError)) throw error;
      throw new SourceError(config.id, `${config.name} cannot show this query: ${error.message}`, 'rejected');
    }
  }

  /** Loki answers errors as plain text, e.g. "parse error at line 1, col 2: syntax error". */
  function httpError(status: number, text: string): SourceError {
    const reason = firstLine(text) || 'no reason given';
    if (status === 400) return new SourceError(config.id, `${config.name} rejected the query: ${reason}`, 'rejected');
    if (status === 401 && /org id/i.test(text)) {
      return new SourceError(
        config.id,
        `${config.name} is multi-tenant and needs a tenant: set "tenant" on this source (sent as X-Scope-OrgID). Loki said: ${reason}`,
        'rejected',
      );
    }
    if (status === 401 || status === 403) return new SourceError(config.id, `${config.name} refused access (${status}): ${reason}`, 'rejected');
    if (status === 404) return new SourceError(config.id, `${host} has no Loki API at ${base}/loki/api/v1 (404): ${reason}`, 'not_found');
    if (status === 429) return new SourceError(config.id, `${config.name} is rate-limiting queries (429): ${reason}`, 'rejected');
    if (status === 504 || /timeout/i.test(reason)) return new SourceError(config.id, `${config.name} timed out running the query: ${reason}`, 'timeout');
    return new SourceError(config.id, `${host} answered ${status}: ${reason}`, 'rejected');
  }

  return {
    id: config.id,
    kind: config.kind,
    name: config.name,
    endpoint: redact(base),
    logs: { queryLogs },
  };
}

function msToNanos(ms: number): string {
  return (BigInt(Math.round(ms)) * 1_000_000n).toString();
}

const StreamsSchema = z.object({
  resultType: z.literal('streams'),
  result: z.array(
    z.object({
      stream: z.record(z.string(), z.string()).catch({}),
      values: z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())),
    }),
  ),
});

const LokiQueryRangeSchema = z.object({
  status: z.string(),
  data: z.object({ resultType: z.string(), result: z.unknown() }),
  warnings: z.array(z.string()).nullish(),
});

class LokiDecodeError extends Error {}

/** Loki `query_range` data into log lines, newest first. Metric results are refused in words. */
export function decodeLokiStreams(data: z.infer<typeof LokiQueryRangeSchema>['data']): LogLine[] {
  if (data.resultType === 'matrix' || data.resultType === 'vector') {
    throw new LokiDecodeError(
      'this is a metric query (it returns numbers, not log lines); the logs panel needs a log query such as {job="lock-service"} |= "timeout"',
    );
  }
  const parsed = StreamsSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LokiDecodeError(`an unexpected answer (${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'})`);
  }
  const lines: LogLine[] = [];
  for (const { stream, values } of parsed.data.result) {
    for (const [nanos, message] of values) {
      const time = nanosToMillis(nanos);
      if (time === undefined) continue;
      const json = parseJsonLine(message);
      lines.push({
        time,
        nanos,
        level: levelOf(stream.level ?? stream.detected_level ?? stringField(json, 'level') ?? stringField(json, 'severity')),
        // Like LogQL's `| json`: show the line's own message and lift its other fields to labels.
        message: stringField(json, 'msg') ?? stringField(json, 'message') ?? message,
        labels: json ? { ...lineFields(json), ...stream } : stream,
        traceId: traceIdOf(message, json),
      });
    }
  }
  // Streams are each sorted; the panel wants one list, newest first.
  return lines.sort((a, b) => compareNanos(b.nanos!, a.nanos!));
}

function nanosToMillis(nanos: string): number | undefined {
  if (!/^\d{1,20}$/.test(nanos)) return undefined;
  return Number(BigInt(nanos) / 1_000_000n);
}

function compareNanos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function parseJsonLine(message: string): Record<string, unknown> | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(message);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stringField(json: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = json?.[key];
  return typeof value === 'string' ? value : undefined;
}

const LEVELS: Record<string, LogLevel> = {
  debug: 'debug', dbug: 'debug', trace: 'debug',
  info: 'info', information: 'info', notice: 'info',
  warn: 'warn', warning: 'warn',
  error: 'error', err: 'error', eror: 'error', fatal: 'error', critical: 'error', crit: 'error', panic: 'error',
};

function levelOf(raw: string | undefined): LogLevel {
  return (raw && LEVELS[raw.toLowerCase()]) || 'unknown';
}

const LOGFMT_TRACE = /(?:^|\s)(?:traceID|traceId|trace_id)=("?)([0-9a-fA-F]{1,32})\1(?=\s|$)/;

function traceIdOf(message: string, json: Record<string, unknown> | undefined): string | undefined {
  const fromJson = stringField(json, 'traceId') ?? stringField(json, 'trace_id') ?? stringField(json, 'traceID');
  if (fromJson && /^[0-9a-fA-F]{1,32}$/.test(fromJson)) return fromJson.toLowerCase();
  if (json) return undefined;
  const match = LOGFMT_TRACE.exec(message);
  return match?.[2]?.toLowerCase();
}

const NOT_LABELS = new Set(['msg', 'message', 'level', 'severity', 'ts', 'time', 'timestamp', 'traceId', 'trace_id', 'traceID']);

/** The scalar fields of a JSON log line, as strings. */
function lineFields(json: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(json)) {
    if (NOT_LABELS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
  }
  return fields;
}
