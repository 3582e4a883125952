import type { LogLine } from '../model/logs';
import type { Series } from '../model/series';
import { hexId } from './ids';
import { jsonLineFields, logfmtIds, parseJsonLine, stringField } from './json-line';
import { levelOf } from './levels';
import {
  LokiEntryMetaSchema,
  LokiMatrixDataSchema,
  type LokiQueryRangeData,
  type LokiStream,
  LokiStreamsDataSchema,
  type LokiTailFrame,
} from './loki-schemas';

/** An answer the logs panel cannot use; the message says why, for the person. */
export class LokiFormatError extends Error {}

/** Stream labels that name the writing service, most specific first (Loki 3 adds service_name). */
const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'job', 'container'];

export type LokiQueryAnswer = { kind: 'lines'; lines: LogLine[] } | { kind: 'series'; series: Series[] };

/**
 * `query_range` data: a log query's streams become lines, newest first; a metric query's
 * matrix (count_over_time, rate, …) becomes series, which the panel shows as counts.
 */
export function decodeLokiQueryRange(data: LokiQueryRangeData): LokiQueryAnswer {
  if (data.resultType === 'matrix' || data.resultType === 'vector') return { kind: 'series', series: decodeLokiMatrix(data) };
  const parsed = LokiStreamsDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LokiFormatError(`an unexpected answer (${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'})`);
  }
  const lines = decodeLokiStreams(parsed.data.result).map((entry) => entry.line);
  return { kind: 'lines', lines: lines.reverse() };
}

/** A metric result as series: times in ms, values as numbers (NaN and ±Inf as gaps). */
export function decodeLokiMatrix(data: unknown): Series[] {
  const parsed = LokiMatrixDataSchema.safeParse(data);
  if (!parsed.success) throw new LokiFormatError(`an unexpected metric answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data.result.map(({ metric, values, value }) => {
    const samples = values ?? (value ? [value] : []);
    return {
      name: labelSetText(metric),
      labels: metric,
      times: samples.map(([seconds]) => Math.round(seconds * 1000)),
      values: samples.map(([, text]) => {
        const n = Number(text);
        return Number.isFinite(n) ? n : null;
      }),
    };
  });
}

export interface LokiEntry {
  line: LogLine;
  /** Same entry, same key: Loki's identity of an entry (stream, nanosecond time, text), for de-duplication. */
  key: string;
}

/** Every entry of the streams as lines, oldest first; entries with an unreadable time are left out. */
export function decodeLokiStreams(streams: readonly LokiStream[]): LokiEntry[] {
  const entries: LokiEntry[] = [];
  for (const { stream, values } of streams) {
    const streamKey = hash(labelSetText(stream));
    for (const [nanos, text, rawMeta] of values) {
      if (!/^\d{1,20}$/.test(nanos)) continue;
      entries.push({ line: lokiLine(stream, nanos, text, rawMeta), key: `${nanos}:${streamKey}:${hash(text)}` });
    }
  }
  return entries.sort((a, b) => compareNanos(a.line.nanos!, b.line.nanos!));
}

/** One tail frame: its entries (oldest first) and how many lines Loki dropped. */
export function decodeLokiTailFrame(frame: LokiTailFrame): { entries: LokiEntry[]; dropped: number } {
  return { entries: decodeLokiStreams(frame.streams ?? []), dropped: frame.dropped_entries?.length ?? 0 };
}

function lokiLine(stream: Record<string, string>, nanos: string, text: string, rawMeta: unknown): LogLine {
  const meta = LokiEntryMetaSchema.parse(rawMeta ?? {});
  const structured = meta.structuredMetadata ?? {};
  const parsed = meta.parsed ?? {};
  const json = parseJsonLine(text);
  const logfmt = json ? {} : logfmtIds(text);
  const attrs = { ...structured, ...parsed };
  const fields = { ...(json ? jsonLineFields(json) : {}), ...attrs };
  const traceId =
    hexId(attrs.trace_id ?? attrs.traceId ?? attrs.traceID, 32) ?? hexId(stringField(json, 'traceId', 'trace_id', 'traceID'), 32) ?? hexId(logfmt.traceId, 32);
  const spanId = hexId(attrs.span_id ?? attrs.spanId ?? attrs.spanID, 16) ?? hexId(stringField(json, 'spanId', 'span_id', 'spanID'), 16) ?? hexId(logfmt.spanId, 16);
  const service = SERVICE_LABELS.map((key) => stream[key]).find((v) => v) ?? stringField(json, 'service', 'service_name', 'app');
  const line: LogLine = {
    time: Number(BigInt(nanos) / 1_000_000n),
    nanos,
    level: levelOf(stream.level ?? stream.detected_level ?? attrs.level ?? attrs.detected_level ?? stringField(json, 'level', 'severity')),
    // Like LogQL's `| json`: a JSON line is shown by its own message.
    message: stringField(json, 'msg', 'message') ?? text,
    labels: stream,
  };
  if (service) line.service = service;
  if (traceId) line.traceId = traceId;
  if (spanId) line.spanId = spanId;
  if (Object.keys(fields).length > 0) line.fields = fields;
  return line;
}

/** Decimal strings: the longer is larger; equal lengths compare as text. */
export function compareNanos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** `{a="x", b="y"}`, labels sorted, as Loki prints a stream. */
export function labelSetText(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${pairs.join(', ')}}`;
}

/** A short stable 53-bit digest of the text, enough to tell entries apart within a resume window. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
