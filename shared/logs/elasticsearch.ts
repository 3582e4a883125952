import type { LogLine } from '../model/logs';
import { EsErrorSchema, type EsCause, type EsError, type EsHit, EsMsearchSchema, type EsSearch, EsSearchSchema } from './elasticsearch-schemas';
import { flattenFields, scalarText, textAt, valueAtPath } from './field-path';
import { hexId } from './ids';
import { levelOf } from './levels';

/**
 * Where a document keeps what a log line shows: dotted paths into `_source`. No two log
 * shippers agree (ECS `log.level`, OTel `severityText`, Grafana's tests `lvl`), so a
 * source's config names them.
 */
export interface EsLogFields {
  timestamp: string;
  level: string;
  message: string;
  service: string;
  traceId: string;
  spanId?: string;
}

/** Elastic Common Schema names: what Filebeat, Elastic Agent and the APM log correlation write. */
export const ECS_LOG_FIELDS: EsLogFields = {
  timestamp: '@timestamp',
  level: 'log.level',
  message: 'message',
  service: 'service.name',
  traceId: 'trace.id',
  spanId: 'span.id',
};

export interface EsPage {
  /** In the order the search returned them. */
  lines: LogLine[];
  /** Hits whose timestamp could not be read, left out. */
  unreadable: number;
  /** The last hit's sort values: the next page's `search_after`. */
  lastSort?: unknown[];
  hitCount: number;
  /** A point in time's id as this answer gave it (it may change between pages). */
  pitId?: string;
  /** Shards that failed while others answered: the page may be incomplete. */
  failedShards: number;
}

/** One `_search` answer (already JSON) as log lines. */
export function decodeEsSearch(json: unknown, fields: EsLogFields): EsPage {
  const parsed = EsSearchSchema.parse(json);
  return pageOf(parsed, fields);
}

function pageOf(search: EsSearch, fields: EsLogFields): EsPage {
  const lines: LogLine[] = [];
  let unreadable = 0;
  for (const hit of search.hits.hits) {
    const line = esHitLine(hit, fields);
    if (line) lines.push(line);
    else unreadable++;
  }
  const page: EsPage = { lines, unreadable, hitCount: search.hits.hits.length, failedShards: search._shards?.failed ?? 0 };
  const lastSort = search.hits.hits.at(-1)?.sort;
  if (lastSort) page.lastSort = lastSort;
  if (search.pit_id) page.pitId = search.pit_id;
  return page;
}

/** One `_msearch` answer: each search's page, or the sentence its error comes to. */
export function decodeEsMsearch(json: unknown, fields: EsLogFields): Array<EsPage | { error: string; status?: number }> {
  return EsMsearchSchema.parse(json).responses.map((response) => {
    const failed = EsErrorSchema.safeParse(response);
    if (failed.success) return { error: esErrorReason(failed.data), ...(failed.data.status !== undefined ? { status: failed.data.status } : {}) };
    const search = EsSearchSchema.safeParse(response);
    if (!search.success) return { error: `an unexpected answer in _msearch (${search.error.issues[0]?.path.join('.') || 'response'}: ${search.error.issues[0]?.message ?? 'invalid'})` };
    return pageOf(search.data, fields);
  });
}

/** A hit as a log line; undefined when its timestamp is missing or unreadable. `highlight` is not read: the line shows the document as stored. */
export function esHitLine(hit: EsHit, fields: EsLogFields): LogLine | undefined {
  const source = hit._source ?? {};
  const time = esTime(valueAtPath(source, fields.timestamp));
  if (!time) return undefined;
  const shown = new Set([fields.timestamp, fields.level, fields.message, fields.service, fields.traceId, ...(fields.spanId ? [fields.spanId] : [])]);
  const message = valueAtPath(source, fields.message);
  const line: LogLine = {
    time: time.ms,
    level: levelOf(scalarOrNumber(valueAtPath(source, fields.level))),
    message: scalarText(message) ?? (message === undefined ? documentText(source) : JSON.stringify(message)),
    labels: {},
  };
  if (time.nanos) line.nanos = time.nanos;
  const service = textAt(source, fields.service);
  if (service) line.service = service;
  const traceId = hexId(textAt(source, fields.traceId), 32);
  if (traceId) line.traceId = traceId;
  const spanId = fields.spanId ? hexId(textAt(source, fields.spanId), 16) : undefined;
  if (spanId) line.spanId = spanId;
  // A path and the flattened key of what it finds are the same text, nested or dotted.
  const rest = flattenFields(source, shown);
  if (hit._index) rest._index = hit._index;
  if (Object.keys(rest).length > 0) line.fields = rest;
  if (hit._id) line.id = hit._id;
  return line;
}

function scalarOrNumber(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A document with no message field is shown as itself, cut to a readable length. */
function documentText(source: Record<string, unknown>): string {
  const text = JSON.stringify(source);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

/**
 * `@timestamp` as Elasticsearch stores it: ISO 8601 (with up to nanosecond digits, any
 * offset) or epoch milliseconds as a number or a string of digits.
 */
export function esTime(raw: unknown): { ms: number; nanos?: string } | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value === 'number') return Number.isFinite(value) ? { ms: Math.trunc(value) } : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (/^\d{1,16}$/.test(value)) return { ms: Number(value) };
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse keeps milliseconds; digits 4–9 of the fraction are the nanoseconds it drops.
  const fraction = /T\d{2}:\d{2}:\d{2}[.,](\d+)/.exec(value)?.[1] ?? '';
  if (fraction.length <= 3) return { ms };
  const subMs = fraction.slice(3, 9).padEnd(6, '0');
  return { ms, nanos: (BigInt(ms) * 1_000_000n + BigInt(subMs)).toString() };
}

/**
 * An error body in one sentence's worth of words: the type and reason, and for a
 * search_phase_execution_exception ("all shards failed", which says nothing) the root
 * cause, plus the deepest `caused_by` when it adds something.
 */
export function esErrorReason(error: EsError): string {
  if (typeof error.error === 'string') return error.error;
  const top = error.error;
  const root = top.root_cause?.[0];
  const headline = `${top.type ?? 'error'}: ${top.reason ?? 'no reason given'}`;
  const parts = [headline];
  if (root && (root.type !== top.type || root.reason !== top.reason)) parts.push(`root cause ${root.type ?? 'error'}: ${root.reason ?? 'no reason given'}`);
  const deepest = deepestCause(top.failed_shards?.[0]?.reason ?? top.caused_by);
  if (deepest?.reason && !parts.some((p) => p.includes(deepest.reason!))) parts.push(`caused by ${deepest.type ?? 'error'}: ${deepest.reason}`);
  return parts.join('; ');
}

/** The error body's own JSON (a string or an object) read with the schema, or undefined if it is not one. */
export function parseEsError(json: unknown): EsError | undefined {
  const parsed = EsErrorSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** The type of the error's first root cause, or its own type (`index_not_found_exception`, …). */
export function esErrorType(error: EsError): string | undefined {
  return typeof error.error === 'string' ? undefined : (error.error.root_cause?.[0]?.type ?? error.error.type);
}

function deepestCause(cause: EsCause | undefined): EsCause | undefined {
  let current = cause;
  for (let depth = 0; current?.caused_by && depth < 20; depth++) current = current.caused_by;
  return current;
}

